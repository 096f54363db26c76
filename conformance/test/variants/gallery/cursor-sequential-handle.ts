import { respellCursors, tableSpelling, type Variant } from '../variant.js';

/** Cursors are handles into a server-side table, numbered 1, 2, 3, ... (an auto-increment row id). */
export const variant: Variant = {
  id: 'cursor-sequential-handle',
  description: 'cursors are auto-increment handles ("1", "2", ...) into a server-side table of positions',
  allowedBy: '#/components/schemas/Cursor (opaque; ^[A-Za-z0-9_-]+$, 1..512); list description: cursors mark positions',
  apply: () => {
    let n = 0;
    const t = tableSpelling(() => String(++n));
    return { wrapHandler: respellCursors({ toClient: (c) => t.toClient(c), toServer: (c) => t.toServer(c) }) };
  },
};
