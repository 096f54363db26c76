import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** `Cache-Control: no-store, private` wherever the reference server says `no-store` (secret-bearing 201s included). */
export const variant: Variant = {
  id: 'cache-control-no-store-private',
  description:
    '`Cache-Control: no-store, private` instead of `no-store` (on the 201 that carries the key and everywhere else)',
  allowedBy:
    '#/components/headers/CacheControlNoStore ("The directive list must contain `no-store`"); RFC 9111 §5.2.2.7 (private)',
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      res.headers['cache-control'] === undefined
        ? res
        : { ...res, headers: { ...res.headers, 'cache-control': 'no-store, private' } },
    ),
  }),
};
