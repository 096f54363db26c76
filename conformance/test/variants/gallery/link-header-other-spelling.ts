import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/**
 * The `Link` header as another framework writes it: `prev` before `next`, the relation as an unquoted token, a
 * `title` parameter, the cursor before `limit` in the query, and no space after the comma.
 */
export const variant: Variant = {
  id: 'link-header-other-spelling',
  description:
    '`Link` lists prev before next, with rel as a bare token, an extra title parameter and the query parameters reordered',
  allowedBy:
    'RFC 8288 §3 (link-param = token [ "=" ( token / quoted-string ) ]; other target attributes allowed) and RFC 9110 §5.6.1 (list order); #/components/headers/Link',
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      const link = res.headers['link'];
      if (link === undefined) return res;
      const links = link.split(/,\s*(?=<)/).map((part) => {
        const m = /^<([^>]*)>\s*;\s*rel="([^"]+)"$/.exec(part.trim());
        if (!m) return { rel: '', text: part };
        const [path, query = ''] = m[1]!.split('?');
        const params = query.split('&').filter(Boolean);
        const reordered = [
          ...params.filter((p) => !p.startsWith('limit=')),
          ...params.filter((p) => p.startsWith('limit=')),
        ];
        return {
          rel: m[2]!,
          text: `<${path}?${reordered.join('&')}>; rel=${m[2]}; title="${m[2] === 'next' ? 'Next page' : 'Previous page'}"`,
        };
      });
      links.sort((a, b) => (a.rel === 'prev' ? -1 : b.rel === 'prev' ? 1 : 0));
      return { ...res, headers: { ...res.headers, link: links.map((l) => l.text).join(',') } };
    }),
  }),
};
