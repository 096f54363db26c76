import { rewriteRequests, type Fault } from '../fault.js';

/** Negotiation that takes the first listed media type and ignores quality values. */
export const fault: Fault = {
  id: 'accept-first-listed-wins',
  description:
    'Accept quality values are ignored: the first listed type wins ("text/csv;q=0.1, application/json" gets CSV)',
  caughtBy: ['http-contract'],
  apply: () => ({
    wrapHandler: rewriteRequests((req) => {
      const accept = req.headers['accept'];
      if (typeof accept !== 'string' || !accept.includes(',')) return;
      const first = accept.split(',')[0]!.split(';')[0]!.trim();
      if (first !== '' && !first.includes('*')) req.headers['accept'] = first;
    }),
  }),
};
