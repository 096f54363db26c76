import { rewriteResponses, type Fault } from '../fault.js';

/** A debugging aid left in: the 401 quotes the X-API-Key it was sent. */
export const fault: Fault = {
  id: 'api-key-echoed-in-401',
  description: 'the 401 detail quotes the X-API-Key value it was sent (a near miss of the real key leaks it)',
  caughtBy: ['key-once-only'],
  apply: () => ({
    wrapHandler: rewriteResponses((res, req) => {
      const sent = req.headers['x-api-key'];
      if (res.status !== 401 || typeof sent !== 'string') return res;
      const problem = JSON.parse(res.body) as Record<string, unknown>;
      return { ...res, body: JSON.stringify({ ...problem, detail: `Unknown X-API-Key "${sent}".` }) };
    }),
  }),
};
