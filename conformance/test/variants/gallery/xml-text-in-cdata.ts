import { rewriteResponses } from '../../faults/fault.js';
import { isXml, type Variant } from '../variant.js';

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * An XML writer that escapes text as CDATA sections: each text value that needs escaping goes into
 * <![CDATA[…]]> (a "]]>" inside is split across two sections).
 */
export const variant: Variant = {
  id: 'xml-text-in-cdata',
  description: 'XML text that needs escaping is written as a CDATA section (`<name><![CDATA[a & <b>]]></name>`)',
  allowedBy:
    'XML 1.0 §2.7 (CDATA sections; their content is character data); info.description, Representations ("Text is escaped")',
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (!isXml(res.headers['content-type'])) return res;
      const body = res.body.replace(
        />([^<]*&[^<]*)</g,
        (_, text: string) => `><![CDATA[${unescape(text).replace(/]]>/g, ']]]]><![CDATA[>')}]]><`,
      );
      return { ...res, body };
    }),
  }),
};
