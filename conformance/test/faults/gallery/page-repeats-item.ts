import { MemoryStore } from '../../../../reference-server/src/index.js';
import { storeWith, type Fault } from '../fault.js';

/** An inclusive cursor bound: each page starts with the last item of the page before. */
export const fault: Fault = {
  id: 'page-repeats-item',
  description: "each page after the first repeats the previous page's last item (inclusive cursor bound)",
  caughtBy: ['pagination'],
  apply: () => ({
    store: storeWith(new MemoryStore(), (base) => ({
      page: async (e, q) => {
        if ('after' in q) {
          const previous = await base.get(e, q.after._id);
          const page = await base.page(e, q);
          if (previous) page.items = [previous, ...page.items].slice(0, q.limit);
          return page;
        }
        return base.page(e, q);
      },
    })),
  }),
};
