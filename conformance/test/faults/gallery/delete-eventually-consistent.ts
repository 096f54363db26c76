import { MemoryStore, type KeyRecord } from '../../../../reference-server/src/index.js';
import { storeWith, type Fault } from '../fault.js';

/** Reads served from a replica that lags: a revoked key stays readable for a while after the 204. */
export const fault: Fault = {
  id: 'delete-eventually-consistent',
  description: 'a revoked key stays readable for 500 ms after DELETE answered 204 (reads from a lagging replica)',
  caughtBy: ['lifecycle'],
  apply: () => {
    const recentlyDeleted = new Map<string, { record: KeyRecord; at: number }>();
    return {
      store: storeWith(new MemoryStore(), (base) => ({
        delete: async (e, id) => {
          const record = await base.get(e, id);
          const ok = await base.delete(e, id);
          if (record) recentlyDeleted.set(id, { record, at: Date.now() });
          return ok;
        },
        get: async (e, id) => {
          const lagging = recentlyDeleted.get(id);
          if (lagging && Date.now() - lagging.at < 500) return lagging.record;
          return base.get(e, id);
        },
      })),
    };
  },
};
