import { MemoryStore } from '../../../../reference-server/src/index.js';
import { storeWith, type Fault } from '../fault.js';

/** A VARCHAR(32) column that silently truncates: long names are cut. */
export const fault: Fault = {
  id: 'names-truncated',
  description: 'names longer than 32 UTF-16 code units are silently truncated by the store (VARCHAR(32))',
  caughtBy: ['positive-names'],
  apply: () => ({
    store: storeWith(new MemoryStore(), (base) => ({
      create: (r) => base.create({ ...r, name: r.name.slice(0, 32) }),
    })),
  }),
};
