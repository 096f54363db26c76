import { randomBytes } from 'node:crypto';
import { respellCursors, tableSpelling, type Variant } from '../variant.js';

/** Cursors are handles into a server-side table: 22 random base64url characters, nothing encoded in them. */
export const variant: Variant = {
  id: 'cursor-random-token',
  description: 'cursors are random 22-character tokens kept in a server-side table (bodies, Link and HAL links alike)',
  allowedBy: '#/components/schemas/Cursor ("An opaque pagination cursor", ^[A-Za-z0-9_-]+$, 1..512)',
  apply: () => ({ wrapHandler: respellCursors(tableSpelling(() => randomBytes(16).toString('base64url'))) }),
};
