import { essence, rewriteResponses, type Fault } from '../fault.js';

/** OWASP CSV-injection advice applied to an API that promised verbatim values: "=1+1" comes back as "'=1+1". */
export const fault: Fault = {
  id: 'csv-formula-escaped',
  description: 'CSV cells starting with = + - @ get a leading apostrophe, so such names do not round-trip',
  caughtBy: ['positive-names'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      essence(res.headers['content-type']) === 'text/csv'
        ? { ...res, body: res.body.replace(/(^|,|\r\n)([=+\-@])/g, "$1'$2") }
        : res,
    ),
  }),
};
