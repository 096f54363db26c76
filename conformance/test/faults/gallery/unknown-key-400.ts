import { rewriteResponses, type Fault } from '../fault.js';

/** "Not found" mapped to the validation error: unknown ids get 400 instead of 404. */
export const fault: Fault = {
  id: 'unknown-key-400',
  description: 'a well-formed but unknown id gets 400 instead of 404',
  caughtBy: ['unknown-ids-404'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (res.status !== 404) return res;
      const problem = JSON.parse(res.body) as Record<string, unknown>;
      return {
        ...res,
        status: 400,
        body: JSON.stringify({
          ...problem,
          status: 400,
          errors: [{ in: 'path', name: 'apiKeyId', message: 'not found' }],
        }),
      };
    }),
  }),
};
