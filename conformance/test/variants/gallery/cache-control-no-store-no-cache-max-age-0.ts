import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** The belt-and-braces value many security guides recommend, with `no-store` not first in the list. */
export const variant: Variant = {
  id: 'cache-control-no-store-no-cache-max-age-0',
  description: '`Cache-Control: no-cache, no-store, max-age=0, must-revalidate` instead of `no-store`',
  allowedBy: '#/components/headers/CacheControlNoStore ("The directive list must contain `no-store`"); RFC 9111 §5.2.2',
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      res.headers['cache-control'] === undefined
        ? res
        : { ...res, headers: { ...res.headers, 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' } },
    ),
  }),
};
