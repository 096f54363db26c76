import { MemoryStore } from '../../../../reference-server/src/index.js';
import { storeWith, type Fault } from '../fault.js';

/** The page size is read from the wrong variable: pages always hold up to 100 items. */
export const fault: Fault = {
  id: 'limit-ignored',
  description: '`limit` is ignored: every page holds up to 100 items',
  caughtBy: ['pagination'],
  apply: () => ({
    store: storeWith(new MemoryStore(), (base) => ({ page: (e, q) => base.page(e, { ...q, limit: 100 }) })),
  }),
};
