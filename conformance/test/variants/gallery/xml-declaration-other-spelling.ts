import { rewriteResponses } from '../../faults/fault.js';
import { isXml, type Variant } from '../variant.js';

/** The declaration as another XML writer spells it: single quotes, lower-case encoding name, standalone, then a newline. */
export const variant: Variant = {
  id: 'xml-declaration-other-spelling',
  description:
    "the XML declaration reads `<?xml version='1.0' encoding='utf-8' standalone='yes'?>` followed by a newline",
  allowedBy:
    'XML 1.0 §2.8 (XMLDecl: either quote; SDDecl), §4.3.3 (encoding names are case-insensitive); the encoding is still UTF-8',
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      isXml(res.headers['content-type'])
        ? {
            ...res,
            body: res.body.replace(/^<\?xml[^>]*\?>/, "<?xml version='1.0' encoding='utf-8' standalone='yes'?>\n"),
          }
        : res,
    ),
  }),
};
