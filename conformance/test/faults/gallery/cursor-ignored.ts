import { MemoryStore } from '../../../../reference-server/src/index.js';
import { storeWith, type Fault } from '../fault.js';

/** The `next` cursor is parsed but never passed to the query: every page is the first page. */
export const fault: Fault = {
  id: 'cursor-ignored',
  description: 'the `next` cursor is ignored: every "next" page is the first page again',
  caughtBy: ['pagination'],
  apply: () => ({
    store: storeWith(new MemoryStore(), (base) => ({
      page: (e, q) => base.page(e, 'after' in q ? { limit: q.limit } : q),
    })),
  }),
};
