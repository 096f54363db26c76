import { essence, rewriteResponses, type Fault } from '../fault.js';

/** XML built by string concatenation: `&` and `<` in names are not escaped. */
export const fault: Fault = {
  id: 'xml-not-escaped',
  description: 'XML is built by string concatenation: "&" and "<" in names are not escaped',
  caughtBy: ['positive-names', 'http-contract'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      ['application/xml', 'text/xml'].includes(essence(res.headers['content-type']))
        ? { ...res, body: res.body.replace(/&lt;/g, '<').replace(/&amp;/g, '&') }
        : res,
    ),
  }),
};
