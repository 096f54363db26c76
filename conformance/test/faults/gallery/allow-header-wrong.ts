import { rewriteResponses, type Fault } from '../fault.js';

/** A 405 whose Allow header was written by hand and never updated when DELETE was added. */
export const fault: Fault = {
  id: 'allow-header-wrong',
  description: 'the 405 Allow header lists only GET (stale hand-written list)',
  caughtBy: ['method-not-allowed'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      res.status === 405 ? { ...res, headers: { ...res.headers, allow: 'GET' } } : res,
    ),
  }),
};
