import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** `Vary: Accept, Accept-Encoding` (a compression layer adds Accept-Encoding), also on errors. */
export const variant: Variant = {
  id: 'vary-accept-accept-encoding',
  description: '`Vary: Accept, Accept-Encoding` instead of `Vary: Accept`, on every response',
  allowedBy: '#/components/headers/VaryAccept (pattern: the list contains Accept); RFC 9110 §12.5.5',
  apply: () => ({
    wrapHandler: rewriteResponses((res) => ({ ...res, headers: { ...res.headers, vary: 'Accept, Accept-Encoding' } })),
  }),
};
