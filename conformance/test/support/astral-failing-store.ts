import { MemoryStore, type Store } from '../../../reference-server/src/index.js';
import { storeWith } from '../faults/fault.js';

/**
 * A store that fails on astral characters, as a utf8mb3 column does: positive-names fails on a generated name and
 * shrinks to a small counterexample (replay and concurrency tests).
 */
export function astralFailingStore(): Store {
  return storeWith(new MemoryStore(), (base) => ({
    create: async (r) => {
      if (/[\u{10000}-\u{10FFFF}]/u.test(r.name)) throw new Error('Incorrect string value');
      return base.create(r);
    },
  }));
}
