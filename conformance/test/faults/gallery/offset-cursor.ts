import { MemoryStore, type Page, type Position } from '../../../../reference-server/src/index.js';
import { storeWith, type Fault } from '../fault.js';

const keyOf = (p: Position) => `${p.createdAt}/${p._id}`;

/** The classic shortcut: the cursor is an offset in disguise, so a revoked key shifts every later key back by one. */
export const fault: Fault = {
  id: 'offset-cursor',
  description: 'cursors are offsets in disguise: revoking a key the walk has passed makes the walk skip one',
  caughtBy: ['pagination'],
  apply: () => {
    // Offset each issued cursor stood for when it was issued (the page's end).
    const offsets = new Map<string, number>();
    return {
      store: storeWith(new MemoryStore(), (base) => ({
        page: async (e, q): Promise<Page> => {
          let page: Page;
          let end: number;
          if ('after' in q) {
            const offset = offsets.get(keyOf(q.after)) ?? 0;
            const upTo = await base.page(e, { limit: offset + q.limit });
            page = { items: upTo.items.slice(offset), hasBefore: offset > 0, hasAfter: upTo.hasAfter };
            end = offset + page.items.length;
          } else if ('before' in q) {
            return base.page(e, q);
          } else {
            page = await base.page(e, q);
            end = page.items.length;
          }
          const last = page.items[page.items.length - 1];
          if (last) offsets.set(keyOf(last), end);
          return page;
        },
      })),
    };
  },
};
