import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The fault gallery against the whole catalogue and with more seeds (slow): only with FAULTS_EXTENDED=1, i.e.
 * `npm run test:faults-extended`, not `npm test`.
 */
const faultsExtended = 'conformance/test/faults-extended/**';

export default defineConfig({
  test: {
    include: [
      'contract/test/**/*.test.ts',
      'spec/test/**/*.test.ts',
      'reference-server/test/**/*.test.ts',
      'conformance/test/**/*.test.ts',
      'cli/test/**/*.test.ts',
    ],
    exclude: [...configDefaults.exclude, ...(process.env['FAULTS_EXTENDED'] === '1' ? [] : [faultsExtended])],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: on the 2-core CI machine that is a single worker.
    maxWorkers: 2,
  },
});
