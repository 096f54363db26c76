import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Slow suites: the galleries at full strength (every fault against the whole catalogue and at more seeds, every variant
 * at 10 runs with two seeds), the kit against hostile targets, the benchmarks' smoke runs. Only with EXTENDED=1, i.e.
 * `npm run test:extended` (CI runs it after `npm test`).
 */
const extended = ['conformance/test/extended/**', 'cli/test/extended/**', 'reference-server/test/extended/**'];

/** The HTML report in a real Chromium: only in `npm run test:browser` (vitest.browser.config.ts). */
const browser = 'conformance/test/browser/**';

export default defineConfig({
  test: {
    include: [
      'contract/test/**/*.test.ts',
      'spec/test/**/*.test.ts',
      'reference-server/test/**/*.test.ts',
      'conformance/test/**/*.test.ts',
      'cli/test/**/*.test.ts',
    ],
    exclude: [...configDefaults.exclude, browser, ...(process.env['EXTENDED'] === '1' ? [] : extended)],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One module graph per worker, not per test file: the contract is loaded and its validators compiled once per
    // worker (isolation cost 20 s of imports per npm test). Tests start their own servers and hold no shared state.
    isolate: false,
    // vitest's default is one worker fewer than the cores: on the 2-core CI machine that is a single worker. Three,
    // because many tests wait on purpose (Retry-After, --rate, shutdown grace) while another worker computes.
    maxWorkers: 3,
  },
});
