import { MemoryStore, type KeyRecord } from '../../../../reference-server/src/index.js';
import { storeWith, type Fault } from '../fault.js';

/** Read-modify-write of a per-endpoint document without a lock: concurrent creates overwrite each other. */
export const fault: Fault = {
  id: 'lost-update-under-concurrency',
  description:
    'concurrent creates overwrite each other (unlocked read-modify-write): some created keys are never listed',
  caughtBy: ['concurrency'],
  apply: () => {
    let inFlight: KeyRecord | undefined;
    return {
      store: storeWith(new MemoryStore(), (base) => ({
        create: async (r) => {
          if (inFlight) {
            // The second writer wins over the first, which is lost.
            const lost = inFlight;
            inFlight = undefined;
            await base.delete(lost.endpointId, lost._id);
          }
          inFlight = r;
          await base.create(r);
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (inFlight === r) inFlight = undefined;
        },
      })),
    };
  },
};
