import { essence, rewriteResponses, type Fault } from '../fault.js';

/** `res.type('text/csv')` without a charset: readers take the bullets of the preview as US-ASCII garbage. */
export const fault: Fault = {
  id: 'csv-without-charset',
  description: 'CSV is labelled "text/csv" without charset=utf-8 (so its default charset is US-ASCII)',
  caughtBy: ['http-contract'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      essence(res.headers['content-type']) === 'text/csv'
        ? { ...res, headers: { ...res.headers, 'content-type': 'text/csv' } }
        : res,
    ),
  }),
};
