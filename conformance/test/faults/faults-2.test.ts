import { faultSuite } from './run.js';

// Part 2 of the fault gallery against the whole catalogue (see faults.test.ts).
await faultSuite(2, 2);
