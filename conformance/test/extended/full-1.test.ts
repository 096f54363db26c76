import { faultSuite } from '../faults/run.js';

// Every fault against the whole catalogue at the gallery's fixed seed and runs, part 1 of 2 (the faults-only test in
// `npm test` judges each fault by its expected checks alone; this shows a full run catches it too).
await faultSuite(1, 2);
