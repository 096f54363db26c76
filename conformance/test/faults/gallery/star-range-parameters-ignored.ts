import { rewriteRequests, type Fault } from '../fault.js';

/**
 * Negotiation that drops the parameters of a `*∕*` range, as Prism and some hand-written parsers do: `*∕*;header=present`
 * is read as `*∕*`, so JSON (which has q 0 under the spec: the range matches only types carrying the parameter) is served.
 */
export const fault: Fault = {
  id: 'star-range-parameters-ignored',
  description: 'a */* range with a parameter (*/*;header=present) is read as */*: JSON instead of text/csv',
  caughtBy: ['http-contract'],
  apply: () => ({
    wrapHandler: rewriteRequests((req) => {
      const accept = req.headers['accept'];
      if (typeof accept === 'string') req.headers['accept'] = accept.replace(/\*\/\*\s*(;\s*(?!q=)[^,;]*)+/gi, '*/*');
    }),
  }),
};
