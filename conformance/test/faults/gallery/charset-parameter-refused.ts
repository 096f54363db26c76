import { rewriteRequests, type Fault } from '../fault.js';

/** Content-Type compared as a whole string: "application/json; charset=utf-8" is refused with 415. */
export const fault: Fault = {
  id: 'charset-parameter-refused',
  description: 'Content-Type is compared as a whole string, so "application/json; charset=utf-8" gets 415',
  caughtBy: ['positive-names'],
  apply: () => ({
    wrapHandler: rewriteRequests((req) => {
      const ct = req.headers['content-type'];
      if (typeof ct === 'string' && ct !== 'application/json') req.headers['content-type'] = 'text/plain';
    }),
  }),
};
