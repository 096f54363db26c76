import { rewriteCreatedKeys, type Fault } from '../fault.js';

/** Keys from Math.random().toString().slice(2) padded: only decimal digits, far less entropy than 32 bytes. */
export const fault: Fault = {
  id: 'key-digits-only',
  description: 'keys use only the digits 0-9 (decimal Math.random output padded to 64 characters)',
  caughtBy: ['key-randomness'],
  apply: () => ({
    wrapHandler: rewriteCreatedKeys((key) => key.replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10))),
  }),
};
