import { rewriteResponses, type Fault } from '../fault.js';

/** A CDN-friendly default header set that replaces the handler's: the secret-bearing 201 may be cached. */
export const fault: Fault = {
  id: 'cache-control-missing',
  description: 'the 201 carrying the key is sent with "Cache-Control: public, max-age=60" instead of no-store',
  caughtBy: ['no-store', 'http-contract'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      res.status === 201 ? { ...res, headers: { ...res.headers, 'cache-control': 'public, max-age=60' } } : res,
    ),
  }),
};
