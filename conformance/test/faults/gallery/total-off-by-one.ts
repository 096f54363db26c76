import { MemoryStore } from '../../../../reference-server/src/index.js';
import { storeWith, type Fault } from '../fault.js';

/** A count query that forgets to exclude revoked keys (or counts a sentinel row): total is one too many. */
export const fault: Fault = {
  id: 'total-off-by-one',
  description: '`total` is one more than the number of keys',
  caughtBy: ['pagination'],
  apply: () => ({ store: storeWith(new MemoryStore(), (base) => ({ count: async (e) => (await base.count(e)) + 1 })) }),
};
