import { MemoryStore } from '../../../../reference-server/src/index.js';
import { storeWith, type Fault } from '../fault.js';

/** A cached list that is not invalidated on delete: revoked keys stay listed. */
export const fault: Fault = {
  id: 'deleted-still-listed',
  description: 'revoked keys stay in the list (list served from a cache that delete does not invalidate)',
  caughtBy: ['lifecycle'],
  apply: () => {
    const shadow = new MemoryStore();
    return {
      store: storeWith(new MemoryStore(), (base) => ({
        ensureEndpoint: async (e) => {
          await base.ensureEndpoint(e);
          await shadow.ensureEndpoint(e);
        },
        create: async (r) => {
          await base.create(r);
          await shadow.create(r);
        },
        page: (e, q) => shadow.page(e, q),
        count: (e) => shadow.count(e),
      })),
    };
  },
};
