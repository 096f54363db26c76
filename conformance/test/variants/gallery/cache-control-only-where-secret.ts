import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/**
 * `no-store` only where the spec requires it (the create response, which carries the key); reads and lists say
 * `private, max-age=0` and errors carry no Cache-Control at all.
 */
export const variant: Variant = {
  id: 'cache-control-only-where-secret',
  description:
    'only the 201 says `no-store`; reads and lists say `private, max-age=0`, errors and 204 carry no Cache-Control',
  allowedBy:
    '#/components/headers/CacheControlNoStore is required on the 201 only (#/paths/~1v2.0~1endpoints~1{endpointId}~1apikeys/post/responses/201/headers)',
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (res.status === 201) return res;
      const headers = { ...res.headers };
      delete headers['cache-control'];
      return { ...res, headers: res.status === 200 ? { ...headers, 'cache-control': 'private, max-age=0' } : headers };
    }),
  }),
};
