import { essence, rewriteResponses, type Fault } from '../fault.js';

/** A CSV writer left on its platform default: records end with LF, not CRLF. */
export const fault: Fault = {
  id: 'csv-lf-line-breaks',
  description: 'CSV records end with LF instead of CRLF (RFC 4180 §2)',
  caughtBy: ['http-contract'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      essence(res.headers['content-type']) === 'text/csv' ? { ...res, body: res.body.replace(/\r\n/g, '\n') } : res,
    ),
  }),
};
