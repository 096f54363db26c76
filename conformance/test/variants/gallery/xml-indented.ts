import { rewriteResponses } from '../../faults/fault.js';
import { isXml, type Variant } from '../variant.js';

/**
 * Indents an XML document of this format (no attributes, no mixed content): a newline and two spaces per level between
 * elements; text content and empty elements are untouched.
 */
function indent(xml: string): string {
  const tokens = xml.match(/<[^>]*>|[^<]+/g) ?? [];
  let out = '';
  let depth = 0;
  let prev: 'open' | 'close' | 'text' | 'decl' | undefined;
  for (const t of tokens) {
    if (t.startsWith('<?')) {
      out += `${t}\n`;
      prev = 'decl';
    } else if (t.startsWith('</')) {
      depth--;
      if (prev === 'close') out += `\n${'  '.repeat(depth)}`;
      out += t;
      prev = 'close';
    } else if (t.startsWith('<')) {
      if (prev === 'open' || prev === 'close') out += `\n${'  '.repeat(depth)}`;
      out += t;
      if (t.endsWith('/>')) prev = 'close';
      else {
        depth++;
        prev = 'open';
      }
    } else {
      out += t;
      prev = 'text';
    }
  }
  return `${out}\n`;
}

/** Pretty-printed XML, as an XML writer with indentation switched on produces it. */
export const variant: Variant = {
  id: 'xml-indented',
  description:
    'XML is indented: newlines and spaces between elements (never inside text, never inside an empty element)',
  allowedBy:
    'XML 1.0 §2.10 (white space between elements); info.description, Representations ("Text is escaped, never trimmed" concerns text content, which is untouched)',
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      isXml(res.headers['content-type']) ? { ...res, body: indent(res.body) } : res,
    ),
  }),
};
