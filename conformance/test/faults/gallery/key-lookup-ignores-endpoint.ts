import { MemoryStore, type KeyRecord } from '../../../../reference-server/src/index.js';
import { storeWith, type Fault } from '../fault.js';

/** Broken object level authorization: keys are looked up by `_id` alone, whatever Endpoint the path names. */
export const fault: Fault = {
  id: 'key-lookup-ignores-endpoint',
  description: "read and revoke find a key by its id alone, so any Endpoint's path reaches any key (BOLA)",
  caughtBy: ['endpoint-isolation'],
  apply: () => {
    const owner = new Map<string, string>();
    return {
      store: storeWith(new MemoryStore(), (base) => ({
        create: async (r: KeyRecord) => {
          owner.set(r._id, r.endpointId);
          await base.create(r);
        },
        get: (_e, id) => base.get(owner.get(id) ?? _e, id),
        delete: (_e, id) => base.delete(owner.get(id) ?? _e, id),
      })),
    };
  },
};
