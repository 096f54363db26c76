import { rewriteRequests } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** A query parser that keeps the last value of a repeated parameter (as many frameworks' "get one" accessors do). */
export const variant: Variant = {
  id: 'query-repeated-last-wins',
  description: 'a repeated `limit`, `next` or `previous` (`limit=5&limit=6`) uses its last value instead of 400',
  allowedBy:
    'info.description, Inputs the rules above leave open: "A query parameter given twice (`limit=5&limit=6`) is `400`, or one of its values is used"',
  apply: () => ({
    wrapHandler: rewriteRequests((req) => {
      const url = req.url ?? '';
      const q = url.indexOf('?');
      if (q < 0) return;
      const pairs = url.slice(q + 1).split('&');
      const nameOf = (pair: string) => /^(limit|next|previous)=/.exec(pair)?.[1];
      const kept = pairs.filter((pair, i) => {
        const name = nameOf(pair);
        return name === undefined || !pairs.slice(i + 1).some((later) => nameOf(later) === name);
      });
      req.url = `${url.slice(0, q)}?${kept.join('&')}`;
    }),
  }),
};
