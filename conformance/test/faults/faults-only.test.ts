import { describe, expect, it } from 'vitest';
import { loadGallery } from './gallery.js';
import { onlySuite, runAgainst } from './run.js';

// A check gives the same verdict under --only as in a full run: each fault is caught again when only the checks
// expected to catch it run (the audit checks provoke the traffic they judge themselves, through the run's sweep).
// Half of the gallery here, the other half in faults-only-2.test.ts, so vitest runs them side by side.
const faults = await loadGallery();
await onlySuite(1, 2);

describe('the gallery for --only runs', () => {
  it("includes the two faults only other checks' traffic used to show (issue 8)", () => {
    // errors-as-text-plain: only 4xx are text/plain, and http-contract's own traffic is all 2xx.
    expect(faults.find((f) => f.id === 'errors-as-text-plain')?.caughtBy).toContain('http-contract');
    // api-key-echoed-in-401: only a 401 to a near miss of the API key echoes it.
    expect(faults.find((f) => f.id === 'api-key-echoed-in-401')?.caughtBy).toContain('key-once-only');
  });
});

describe('coverage under --only', () => {
  it('fails on a documented response the server never sends, whatever else is selected (the sweep provokes it)', async () => {
    const fault = faults.find((f) => f.id === 'accept-ignored')!;
    const report = await runAgainst(fault.apply(), { only: ['coverage'] });
    const coverage = report.checks.find((c) => c.id === 'coverage')!;
    expect(coverage.status).toBe('failed');
    expect(coverage.violations.some((v) => /406 application\/problem\+json was never observed/.test(v.message))).toBe(
      true,
    );
  });
});
