import { variantSuite } from './variant-suite.js';

// Part 3 of the variants gallery (see variants.test.ts).
await variantSuite(3, 3);
