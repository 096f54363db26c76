import { configDefaults, defineConfig } from 'vitest/config';

/** The fault gallery with more seeds (slow): only with FAULTS_SEEDS=1, i.e. `npm run test:faults-seeds`, not `npm test`. */
const faultsSeeds = 'conformance/test/faults-seeds/**';

export default defineConfig({
  test: {
    include: ['spec/test/**/*.test.ts', 'reference-server/test/**/*.test.ts', 'conformance/test/**/*.test.ts', 'cli/test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(process.env['FAULTS_SEEDS'] === '1' ? [] : [faultsSeeds])],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
