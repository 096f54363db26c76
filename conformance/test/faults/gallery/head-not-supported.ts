import { rewriteRequests, type Fault } from '../fault.js';

/** A router that registers GET handlers only: HEAD falls through to the "method not allowed" branch. */
export const fault: Fault = {
  id: 'head-not-supported',
  description: 'HEAD on a GET route gets 405 instead of the GET answer without content',
  caughtBy: ['method-not-allowed'],
  apply: () => ({
    wrapHandler: rewriteRequests((req) => {
      // Routed as a method the paths do not have; node:http still leaves the body out for the HEAD request.
      if (req.method === 'HEAD') req.method = 'OPTIONS';
    }),
  }),
};
