import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** No persistent connections: every response says `Connection: close` and the server closes after it. */
export const variant: Variant = {
  id: 'connection-close',
  description: 'every response has `Connection: close` and the connection is closed after it (no keep-alive)',
  allowedBy:
    'RFC 9112 §9.6 (a server may close after any response, signalling it with Connection: close); info.description ("Whether a `413` (or any error) closes the connection is the implementation\'s choice")',
  apply: () => ({
    wrapHandler: rewriteResponses((res) => ({ ...res, headers: { ...res.headers, connection: 'close' } })),
  }),
};
