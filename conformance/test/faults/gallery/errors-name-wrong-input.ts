import { rewriteResponses, type Fault } from '../fault.js';

/** One catch-all validation handler: every 400 blames the body, whatever was wrong. */
export const fault: Fault = {
  id: 'errors-name-wrong-input',
  description: 'every 400 lists {"in": "body", "name": ""} whatever input was wrong (a malformed id or limit included)',
  caughtBy: ['negative-inputs'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (res.status !== 400) return res;
      const problem = JSON.parse(res.body) as Record<string, unknown>;
      return {
        ...res,
        body: JSON.stringify({ ...problem, errors: [{ in: 'body', name: '', message: 'invalid request' }] }),
      };
    }),
  }),
};
