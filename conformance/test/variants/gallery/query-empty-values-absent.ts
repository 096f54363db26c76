import { rewriteRequests } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** A query parser that drops empty parameters: `limit=`, `next=`, `previous=` (or white space only) count as absent. */
export const variant: Variant = {
  id: 'query-empty-values-absent',
  description:
    'an empty or blank `limit`, `next` or `previous` (`limit=`, `next=%20`) is treated as absent instead of 400',
  allowedBy:
    'info.description, Inputs the rules above leave open: "An empty value (`limit=`, `next=`, `previous=`) or one of white space only is `400` or treated as absent"',
  apply: () => ({
    wrapHandler: rewriteRequests((req) => {
      const url = req.url ?? '';
      const q = url.indexOf('?');
      if (q < 0) return;
      const kept = url
        .slice(q + 1)
        .split('&')
        .filter((pair) => {
          const m = /^(limit|next|previous)=(.*)$/.exec(pair);
          if (!m) return true;
          try {
            return decodeURIComponent(m[2]!.replace(/\+/g, ' ')).trim() !== '';
          } catch {
            return true;
          }
        });
      req.url = kept.length > 0 ? `${url.slice(0, q)}?${kept.join('&')}` : url.slice(0, q);
    }),
  }),
};
