import type { Fault } from '../fault.js';

/** Local time taken for UTC on a server east of Greenwich: createdAt is hours in the future. */
export const fault: Fault = {
  id: 'created-at-future',
  description: '`createdAt` two hours in the future (local time taken for UTC)',
  caughtBy: ['timestamp-window'],
  apply: () => ({ clock: () => Date.now() + 2 * 3600_000 }),
};
