import { MemoryStore } from '../../../../reference-server/src/index.js';
import { storeWith, type Fault } from '../fault.js';

/** A soft delete whose flag is never written: DELETE answers 204 and the key lives on. */
export const fault: Fault = {
  id: 'delete-deletes-nothing',
  description: 'DELETE answers 204 but deletes nothing (soft-delete flag never written)',
  caughtBy: ['lifecycle'],
  apply: () => ({
    store: storeWith(new MemoryStore(), (base) => ({
      delete: async (e, id) => (await base.get(e, id)) !== undefined,
    })),
  }),
};
