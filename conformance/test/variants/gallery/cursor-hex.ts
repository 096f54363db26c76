import { respellCursors, type Variant } from '../variant.js';

/** The same signed cursor bytes, spelled in lowercase hex instead of base64url (stateless, no table). */
export const variant: Variant = {
  id: 'cursor-hex',
  description: 'cursors are the signed position bytes in hexadecimal (about 90 characters) instead of base64url',
  allowedBy: '#/components/schemas/Cursor (opaque; ^[A-Za-z0-9_-]+$, 1..512)',
  apply: () => ({
    wrapHandler: respellCursors({
      toClient: (server) => Buffer.from(server, 'base64url').toString('hex'),
      toServer: (client) =>
        /^(?:[0-9a-f]{2})+$/.test(client) ? Buffer.from(client, 'hex').toString('base64url') : undefined,
    }),
  }),
};
