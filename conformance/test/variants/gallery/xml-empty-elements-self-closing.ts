import { rewriteResponses } from '../../faults/fault.js';
import { isXml, type Variant } from '../variant.js';

/** Empty elements as empty-element tags: an empty page's `<items></items>` is written `<items/>`. */
export const variant: Variant = {
  id: 'xml-empty-elements-self-closing',
  description: 'empty XML elements are written as empty-element tags (`<items/>` for an empty page)',
  allowedBy: 'XML 1.0 §3.1 ("Empty-element tags may be used for any element which has no content")',
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      isXml(res.headers['content-type'])
        ? { ...res, body: res.body.replace(/<([A-Za-z_][\w.-]*)><\/\1>/g, '<$1/>') }
        : res,
    ),
  }),
};
