import { rewriteResponses } from '../../faults/fault.js';
import { isXml, type Variant } from '../variant.js';

/** XML documents without the `<?xml …?>` declaration (optional in XML 1.0; UTF-8 is the default without one). */
export const variant: Variant = {
  id: 'xml-without-declaration',
  description: 'XML documents start with the root element: no `<?xml …?>` declaration',
  allowedBy:
    'XML 1.0 §2.8 (the XML declaration is optional: prolog ::= XMLDecl? …) and §4.3.3 (without one, UTF-8); info.description, Representations (UTF-8)',
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      isXml(res.headers['content-type']) ? { ...res, body: res.body.replace(/^<\?xml[^>]*\?>\s*/, '') } : res,
    ),
  }),
};
