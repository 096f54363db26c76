import type { Fault } from '../fault.js';

/** A fixture clock left in production code: every key is created "at" the seed's example time. */
export const fault: Fault = {
  id: 'created-at-fixed',
  description: '`createdAt` is always 1694518620 (the documentation example left in as a fixture clock)',
  caughtBy: ['timestamp-window'],
  apply: () => ({ clock: () => 1694518620_000 }),
};
