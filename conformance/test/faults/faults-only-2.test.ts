import { onlySuite } from './run.js';

// Part 2 of the faults judged by their expected checks alone (see faults-only.test.ts).
await onlySuite(2, 2);
