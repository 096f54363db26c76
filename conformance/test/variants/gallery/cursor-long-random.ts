import { randomInt } from 'node:crypto';
import { respellCursors, tableSpelling, type Variant } from '../variant.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** Cursors near the schema's length limit: 500 characters of the whole URL-safe alphabet. */
export const variant: Variant = {
  id: 'cursor-long-random',
  description: 'cursors are 500 random characters of [A-Za-z0-9_-] (near the 512 limit), kept in a server-side table',
  allowedBy: '#/components/schemas/Cursor (maxLength 512, pattern ^[A-Za-z0-9_-]+$)',
  apply: () => ({
    wrapHandler: respellCursors(
      tableSpelling(() => Array.from({ length: 500 }, () => ALPHABET[randomInt(ALPHABET.length)]!).join('')),
    ),
  }),
};
