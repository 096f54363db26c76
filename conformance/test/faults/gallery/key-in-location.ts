import { keysIn, rewriteResponses, type Fault } from '../fault.js';

/** A "convenience" link that lets the caller fetch the key again: the key ends up in the Location URL. */
export const fault: Fault = {
  id: 'key-in-location',
  description: 'the 201 Location header carries the plaintext key as a query parameter',
  caughtBy: ['key-once-only'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      const [key] = res.status === 201 ? keysIn(res.body) : [];
      if (!key || !res.headers['location']) return res;
      return { ...res, headers: { ...res.headers, location: `${res.headers['location']}?key=${key}` } };
    }),
  }),
};
