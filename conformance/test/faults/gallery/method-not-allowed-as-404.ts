import { rewriteResponses, type Fault } from '../fault.js';

/** A router that only knows matched routes: an undeclared method falls through to the 404 handler. */
export const fault: Fault = {
  id: 'method-not-allowed-as-404',
  description: 'undeclared methods get 404 (no Allow) instead of 405',
  caughtBy: ['method-not-allowed'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (res.status !== 405) return res;
      const headers = { ...res.headers };
      delete headers['allow'];
      const problem = JSON.parse(res.body) as Record<string, unknown>;
      return { ...res, status: 404, headers, body: JSON.stringify({ ...problem, status: 404, title: 'Not found' }) };
    }),
  }),
};
