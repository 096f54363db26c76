import { negotiate } from '../../../../contract/src/index.js';
import { rewriteRequests, type Fault } from '../fault.js';

const AVAILABLE = ['application/json', 'application/hal+json', 'application/xml', 'text/xml', 'text/csv'];

/** Negotiation that falls back to JSON instead of answering 406. */
export const fault: Fault = {
  id: 'accept-ignored',
  description: 'an unacceptable Accept (e.g. image/png, or application/json;q=0) gets JSON instead of 406',
  caughtBy: ['not-acceptable', 'coverage'],
  apply: () => ({
    wrapHandler: rewriteRequests((req) => {
      const accept = req.headers['accept'];
      if (typeof accept === 'string' && negotiate(accept, AVAILABLE) === undefined)
        req.headers['accept'] = 'application/json';
    }),
  }),
};
