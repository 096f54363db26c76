import { MemoryStore } from '../../../../reference-server/src/index.js';
import { storeWith, type Fault } from '../fault.js';

/** A list query that forgot its `WHERE endpoint = ?`: every Endpoint lists the first Endpoint's keys. */
export const fault: Fault = {
  id: 'list-ignores-endpoint',
  description: "every Endpoint's list shows the first Endpoint's keys (the list query is not scoped to its Endpoint)",
  caughtBy: ['endpoint-isolation'],
  apply: () => {
    let first: string | undefined;
    return {
      store: storeWith(new MemoryStore(), (base) => ({
        ensureEndpoint: async (e) => {
          first ??= e;
          await base.ensureEndpoint(e);
        },
        page: (_e, q) => base.page(first ?? _e, q),
        count: (_e) => base.count(first ?? _e),
      })),
    };
  },
};
