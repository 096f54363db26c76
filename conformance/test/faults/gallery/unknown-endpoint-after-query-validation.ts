import { rewriteResponses, type Fault } from '../fault.js';

/** Validation middleware runs before the lookup: an unknown Endpoint with a bad query gets 400, not 404. */
export const fault: Fault = {
  id: 'unknown-endpoint-after-query-validation',
  description:
    'an unknown Endpoint with a malformed query, Accept or body gets 400/406/415 instead of 404 (validation before lookup)',
  caughtBy: ['unknown-ids-404'],
  apply: () => {
    return {
      wrapHandler: rewriteResponses((res, req) => {
        if (res.status !== 404) return res;
        const endpoint = /\/endpoints\/([^/?]+)/.exec(req.url)?.[1];
        const malformedQuery = /[?&]limit=(?:0|-)/.test(req.url);
        const badType =
          req.headers['content-type'] !== undefined &&
          !String(req.headers['content-type']).startsWith('application/json');
        if (!endpoint || (!malformedQuery && !badType)) return res;
        const status = malformedQuery ? 400 : 415;
        const problem = JSON.parse(res.body) as Record<string, unknown>;
        const body = {
          ...problem,
          status,
          ...(status === 400 ? { errors: [{ in: 'query', name: 'limit', message: 'must be >= 1' }] } : {}),
        };
        return { ...res, status, body: JSON.stringify(body) };
      }),
    };
  },
};
