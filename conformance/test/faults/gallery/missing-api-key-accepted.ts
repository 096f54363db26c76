import { rewriteRequests, type Fault } from '../fault.js';

/** A public "read-only" shortcut: requests without X-API-Key are let through as if authenticated. */
export const fault: Fault = {
  id: 'missing-api-key-accepted',
  description: 'requests without X-API-Key are treated as authenticated (auth skipped when the header is absent)',
  caughtBy: ['auth-required'],
  apply: () => {
    const apiKey = 'fault-gallery-api-key-missing-accepted';
    return {
      apiKey,
      wrapHandler: rewriteRequests((req) => {
        if (req.headers['x-api-key'] === undefined) req.headers['x-api-key'] = apiKey;
      }),
    };
  },
};
