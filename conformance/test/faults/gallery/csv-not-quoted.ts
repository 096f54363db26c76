import { essence, rewriteResponses, type Fault } from '../fault.js';

/** CSV built with join(','): fields with commas or quotes are not quoted (RFC 4180 §2.6). */
export const fault: Fault = {
  id: 'csv-not-quoted',
  description: 'CSV built with join(","): a name with a comma or a double quote breaks the row',
  caughtBy: ['positive-names'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (essence(res.headers['content-type']) !== 'text/csv') return res;
      // Undo RFC 4180 quoting: drop the enclosing quotes and un-double inner ones.
      const body = res.body.replace(/"((?:[^"]|"")*)"/g, (_, inner: string) => inner.replace(/""/g, '"'));
      return { ...res, body };
    }),
  }),
};
