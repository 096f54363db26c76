import { rewriteCreatedKeys, type Fault } from '../fault.js';

/** The key generator is seeded once at start-up with a constant: every create returns the same key. */
export const fault: Fault = {
  id: 'same-key-twice',
  description: 'every create returns the same key (a PRNG seeded with a constant)',
  caughtBy: ['key-randomness', 'concurrency'],
  apply: () => {
    let first: string | undefined;
    return { wrapHandler: rewriteCreatedKeys((key) => (first ??= key)) };
  },
};
