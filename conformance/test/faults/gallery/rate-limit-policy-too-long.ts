import { rewriteResponses, type Fault } from '../fault.js';

/**
 * A gateway that writes every route's rate-limit policy into each answer's RateLimit-Policy: 80 policies, over the
 * 1024 characters the spec allows the header (#/components/headers/RateLimitPolicy).
 */
export const fault: Fault = {
  id: 'rate-limit-policy-too-long',
  description: 'every response lists 80 rate-limit policies in RateLimit-Policy (over its maxLength of 1024)',
  caughtBy: ['http-contract'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) => ({
      ...res,
      headers: {
        ...res.headers,
        'ratelimit-policy': Array.from({ length: 80 }, (_, i) => `"route-${i}";q=100;w=60`).join(', '),
      },
    })),
  }),
};
