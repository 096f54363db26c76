import { rewriteRequests } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** What a lenient number parser reads as an integer: 05, +5, 1e1, 5.0, 0x10, " 5". */
const LENIENT = /^\s*[+-]?(?:\d+(?:\.0*)?(?:e\+?\d+)?|0x[0-9a-f]+)\s*$/i;

/** `limit` read with a lenient number parser (JavaScript's Number): other spellings of an integer are that integer. */
export const variant: Variant = {
  id: 'limit-lenient-integers',
  description:
    '`limit` is read with a lenient parser: 05, +5, 1e1, 5.0, 0x10 and " 5" are read as integers (then range-checked)',
  allowedBy:
    'info.description, Inputs the rules above leave open: another spelling of an integer that common number parsers read "is refused with `400` or read as that integer (then its range applies)"',
  apply: () => ({
    wrapHandler: rewriteRequests((req) => {
      req.url = (req.url ?? '').replace(/([?&])limit=([^&#]*)/g, (whole, sep: string, raw: string) => {
        let value: string;
        try {
          value = decodeURIComponent(raw.replace(/\+/g, ' '));
        } catch {
          return whole;
        }
        const n = Number(value);
        return LENIENT.test(value) && Number.isSafeInteger(n) ? `${sep}limit=${String(n)}` : whole;
      });
    }),
  }),
};
