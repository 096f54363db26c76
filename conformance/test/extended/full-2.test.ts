import { faultSuite } from '../faults/run.js';

// Part 2 of the fault gallery against the whole catalogue (see full-1.test.ts).
await faultSuite(2, 2);
