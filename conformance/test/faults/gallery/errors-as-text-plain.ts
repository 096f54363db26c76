import { rewriteResponses, type Fault } from '../fault.js';

/** The error middleware of a web framework answers with its own plain-text body. */
export const fault: Fault = {
  id: 'errors-as-text-plain',
  description: 'errors are served as text/plain ("Bad Request") instead of application/problem+json',
  caughtBy: ['http-contract'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      res.status >= 400
        ? {
            ...res,
            headers: { ...res.headers, 'content-type': 'text/plain; charset=utf-8' },
            body: `Error ${res.status}`,
          }
        : res,
    ),
  }),
};
