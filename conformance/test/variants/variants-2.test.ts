import { variantSuite } from './variant-suite.js';

// Part 2 of the variants gallery (see variants.test.ts).
await variantSuite(2, 3);
