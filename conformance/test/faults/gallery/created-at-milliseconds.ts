import type { Fault } from '../fault.js';

/** Date.now() used where seconds were meant: createdAt is in milliseconds. */
export const fault: Fault = {
  id: 'created-at-milliseconds',
  description: '`createdAt` in milliseconds (Date.now() without the division)',
  caughtBy: ['timestamp-range'],
  apply: () => ({ clock: () => Date.now() * 1000 }),
};
