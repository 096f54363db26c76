import { essence, rewriteResponses, type Fault } from '../fault.js';

/** A copied XML prolog: the document says ISO-8859-1 while the bytes are UTF-8. */
export const fault: Fault = {
  id: 'xml-declares-latin1',
  description: 'XML documents declare encoding="ISO-8859-1" but are written in UTF-8',
  caughtBy: ['http-contract'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      ['application/xml', 'text/xml'].includes(essence(res.headers['content-type']))
        ? { ...res, body: res.body.replace(/encoding="UTF-8"/, 'encoding="ISO-8859-1"') }
        : res,
    ),
  }),
};
