import { rewriteCreatedKeys, type Fault } from '../fault.js';

/** Keys built as a fixed tenant prefix plus random bytes: half the key is predictable. */
export const fault: Fault = {
  id: 'key-shared-prefix',
  description: 'every key starts with the same 16 hex characters (a fixed prefix in front of fewer random bytes)',
  caughtBy: ['key-randomness'],
  apply: () => ({ wrapHandler: rewriteCreatedKeys((key) => `c0ffee00c0ffee00${key.slice(16)}`) }),
};
