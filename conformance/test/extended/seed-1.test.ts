import { describeSeed } from './seeds.js';

// One file per seed, so vitest runs the seeds in parallel.
await describeSeed(1);
