import { rewriteResponses, type Fault } from '../fault.js';

/** One problem template for every error: the body says 400 whatever the response status. */
export const fault: Fault = {
  id: 'problem-status-always-400',
  description: 'every problem body says "status": 400, whatever the HTTP status',
  caughtBy: ['http-contract'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (res.status < 400 || !(res.headers['content-type'] ?? '').startsWith('application/problem+json')) return res;
      const problem = JSON.parse(res.body) as Record<string, unknown>;
      return { ...res, body: JSON.stringify({ ...problem, status: 400 }) };
    }),
  }),
};
