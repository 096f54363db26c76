import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** `Allow` in another order and spacing ("POST,HEAD,GET"). */
export const variant: Variant = {
  id: 'allow-header-reordered',
  description: 'the 405 `Allow` lists the methods in reverse order without spaces ("POST,HEAD,GET")',
  allowedBy: 'RFC 9110 §10.2.1 (Allow = #method; a list, order not significant) and §5.6.1 (list syntax, OWS optional)',
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      const allow = res.headers['allow'];
      if (allow === undefined) return res;
      return {
        ...res,
        headers: {
          ...res.headers,
          allow: allow
            .split(',')
            .map((m) => m.trim())
            .reverse()
            .join(','),
        },
      };
    }),
  }),
};
