import { rewriteRequests, type Fault } from '../fault.js';

/** Auth middleware checks only that the header is present. */
export const fault: Fault = {
  id: 'any-api-key-accepted',
  description: 'any X-API-Key value is accepted (presence checked, value never compared)',
  caughtBy: ['auth-wrong-key'],
  apply: () => {
    const apiKey = 'fault-gallery-api-key-any-accepted';
    return {
      apiKey,
      wrapHandler: rewriteRequests((req) => {
        if (req.headers['x-api-key'] !== undefined) req.headers['x-api-key'] = apiKey;
      }),
    };
  },
};
