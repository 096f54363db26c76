import { rewriteRequests, rewriteResponses, wrapAll, type Fault } from '../fault.js';

/** Ids rendered by a hex encoder set to upper case (and accepted in either case on the way in). */
export const fault: Fault = {
  id: 'id-upper-case',
  description: '`_id` in upper case (a hex encoder set to upper case)',
  caughtBy: ['id-pattern-unique', 'http-contract'],
  apply: () => ({
    wrapHandler: wrapAll(
      rewriteRequests((req) => {
        req.url = (req.url ?? '').replace(
          /\/apikeys\/([0-9A-F]{24})(?=$|[/?])/,
          (_, id: string) => `/apikeys/${id.toLowerCase()}`,
        );
      }),
      rewriteResponses((res) => ({
        ...res,
        headers: res.headers['location']
          ? {
              ...res.headers,
              location: res.headers['location'].replace(
                /\/apikeys\/([0-9a-f]{24})$/,
                (_, id: string) => `/apikeys/${id.toUpperCase()}`,
              ),
            }
          : res.headers,
        body:
          res.status < 300
            ? res.body.replace(
                /("_id":"|<_id>|\r\n)([0-9a-f]{24})(?![0-9a-f])/g,
                (_, pre: string, id: string) => pre + id.toUpperCase(),
              )
            : res.body,
      })),
    ),
  }),
};
