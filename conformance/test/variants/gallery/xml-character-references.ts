import { rewriteResponses } from '../../faults/fault.js';
import { isXml, type Variant } from '../variant.js';

/**
 * An ASCII-only XML writer: every character outside ASCII in text content is written as a hexadecimal character
 * reference (é as &#xE9;, 😀 as &#x1F600;); markup is untouched.
 */
export const variant: Variant = {
  id: 'xml-character-references',
  description:
    'XML text is ASCII-only: non-ASCII characters are written as character references (`&#xE9;`, `&#x1F600;`)',
  allowedBy: 'XML 1.0 §4.1 (character references); info.description, Representations ("Text is escaped")',
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (!isXml(res.headers['content-type'])) return res;
      const body = res.body.replace(
        />([^<]+)</g,
        (_, text: string) =>
          `>${text.replace(/[\u0080-\u{10ffff}]/gu, (c) => `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};`)}<`,
      );
      return { ...res, body };
    }),
  }),
};
