import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/**
 * A server behind a rate limiter that reports its quota on every answer (the limits are never reached in a run, so
 * no request is answered 429): the optional `RateLimit` and `RateLimit-Policy` headers the spec documents.
 */
export const variant: Variant = {
  id: 'rate-limit-headers',
  description: 'every response carries RateLimit and RateLimit-Policy (draft-ietf-httpapi-ratelimit-headers)',
  allowedBy: '#/components/headers/RateLimit and #/components/headers/RateLimitPolicy (required: false)',
  apply: () => {
    let used = 0;
    return {
      wrapHandler: rewriteResponses((res) => {
        used += 1;
        return {
          ...res,
          headers: {
            ...res.headers,
            'ratelimit-policy': '"default";q=1000000;w=60',
            ratelimit: `"default";r=${Math.max(0, 1_000_000 - used)};t=60`,
          },
        };
      }),
    };
  },
};
