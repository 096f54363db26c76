import { rewriteRequests, type Fault } from '../fault.js';

/** A router with "strict: false": `/apikeys/` is served as `/apikeys` although the document has no such path. */
export const fault: Fault = {
  id: 'trailing-slash-routed',
  description: 'a path with a trailing slash is served like the path without it instead of 404',
  caughtBy: ['unknown-ids-404'],
  apply: () => ({
    wrapHandler: rewriteRequests((req) => {
      req.url = (req.url ?? '').replace(/\/(?=$|\?)/, '');
    }),
  }),
};
