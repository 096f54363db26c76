import { rewriteResponses, type Fault } from '../fault.js';

/** The error handler reads the path from the wrong request object: every problem's instance is "/". */
export const fault: Fault = {
  id: 'problem-instance-root',
  description: 'every problem\'s `instance` is "/" instead of the request path',
  caughtBy: ['http-contract', 'malformed-requests'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (res.status < 400 || !(res.headers['content-type'] ?? '').startsWith('application/problem+json')) return res;
      const problem = JSON.parse(res.body) as Record<string, unknown>;
      return { ...res, body: JSON.stringify({ ...problem, instance: '/' }) };
    }),
  }),
};
