import { rewriteRequests, type Fault } from '../fault.js';

/** Content negotiation that only knows JSON: a CSV request gets JSON. */
export const fault: Fault = {
  id: 'csv-requested-json-served',
  description: 'CSV requested, JSON served (Accept: text/csv ignored)',
  caughtBy: ['http-contract', 'not-acceptable'],
  apply: () => ({
    wrapHandler: rewriteRequests((req) => {
      const accept = req.headers['accept'];
      if (typeof accept === 'string' && accept.includes('text/csv')) req.headers['accept'] = 'application/json';
    }),
  }),
};
