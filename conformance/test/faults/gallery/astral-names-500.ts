import { MemoryStore } from '../../../../reference-server/src/index.js';
import { storeWith, type Fault } from '../fault.js';

/** A 3-byte "utf8" database column (MySQL's utf8mb3): astral characters make the insert fail with a 500. */
export const fault: Fault = {
  id: 'astral-names-500',
  description: 'a name with astral-plane characters (emoji) gets a 500 (a utf8mb3 column rejects 4-byte UTF-8)',
  caughtBy: ['positive-names', 'never-5xx'],
  apply: () => ({
    store: storeWith(new MemoryStore(), (base) => ({
      create: async (r) => {
        if (/[\u{10000}-\u{10FFFF}]/u.test(r.name)) throw new Error('Incorrect string value for column name');
        return base.create(r);
      },
    })),
  }),
};
