import { defineConfig } from 'vitest/config';

/**
 * `npm run test:browser`: the HTML report opened in a real headless Chromium (Debian's `chromium` package, driven by
 * playwright-core; nothing downloads a browser). Not part of `npm test`, which needs nothing outside npm; CI installs
 * Chromium and runs it after `npm test`.
 */
export default defineConfig({
  test: {
    include: ['conformance/test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
