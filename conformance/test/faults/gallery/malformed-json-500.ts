import { rewriteResponses, type Fault } from '../fault.js';

/** JSON.parse outside the try block: malformed JSON crashes the handler into a 500. */
export const fault: Fault = {
  id: 'malformed-json-500',
  description: 'malformed JSON bodies get a 500 (JSON.parse error not caught)',
  caughtBy: ['negative-inputs', 'never-5xx'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (res.status !== 400 || !res.body.includes('"in":"body","name":""')) return res;
      const problem = JSON.parse(res.body) as Record<string, unknown>;
      delete problem['errors'];
      return { ...res, status: 500, body: JSON.stringify({ ...problem, status: 500, title: 'Internal server error' }) };
    }),
  }),
};
