import { rewriteResponses, type Fault } from '../fault.js';

/** Auth middleware mounted before the router: an unknown path without a key gets 401 instead of 404. */
export const fault: Fault = {
  id: 'unknown-path-needs-key',
  description: 'an unknown path without X-API-Key gets 401 instead of 404 (authentication runs before routing)',
  caughtBy: ['unknown-ids-404'],
  apply: () => ({
    wrapHandler: rewriteResponses((res, req) => {
      if (res.status !== 404 || req.headers['x-api-key'] !== undefined) return res;
      const problem = JSON.parse(res.body) as Record<string, unknown>;
      return {
        ...res,
        status: 401,
        headers: { ...res.headers, 'www-authenticate': 'APIKey header="X-API-Key"' },
        body: JSON.stringify({
          ...problem,
          status: 401,
          title: 'Authentication required',
          type: 'urn:apikeys-kit:problem:unauthorized',
        }),
      };
    }),
  }),
};
