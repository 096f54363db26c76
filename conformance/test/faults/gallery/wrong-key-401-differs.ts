import { rewriteResponses, type Fault } from '../fault.js';

/** Helpful but leaky errors: "missing" and "invalid" API keys get different 401 details. */
export const fault: Fault = {
  id: 'wrong-key-401-differs',
  description: 'the 401 for a wrong X-API-Key says "invalid key", the one for a missing key "missing key"',
  caughtBy: ['auth-wrong-key'],
  apply: () => ({
    wrapHandler: rewriteResponses((res, req) => {
      if (res.status !== 401 || req.headers['x-api-key'] === undefined) return res;
      const problem = JSON.parse(res.body) as Record<string, unknown>;
      return { ...res, body: JSON.stringify({ ...problem, detail: 'The X-API-Key is invalid.' }) };
    }),
  }),
};
