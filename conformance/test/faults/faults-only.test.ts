import { describe, expect, it } from 'vitest';
import { loadGallery } from './gallery.js';
import { failedChecks, failures, runAgainst, SEED } from './run.js';

// A check gives the same verdict under --only as in a full run: each fault is caught again when only the checks
// expected to catch it run (the audit checks provoke the traffic they judge themselves, through the run's sweep).
const faults = await loadGallery();

describe('the conformance kit with only the checks expected to catch a fault', () => {
  it.each(faults.map((f) => [f.id, f] as const))('catches %s with --only its checks', async (_id, fault) => {
    const report = await runAgainst(fault.apply(), { only: [...fault.caughtBy] });
    const expected = [...fault.caughtBy];
    const failed = failedChecks(report);
    expect(
      failed,
      `${fault.description}: with --only ${fault.caughtBy.join(',')}, expected ${expected.join(', ')} to fail (seed ${SEED}); failures:\n${failures(report)}`,
    ).toEqual(expect.arrayContaining(expected));
    expect(report.summary.failed).toBeGreaterThan(0);
    // Checks outside the selection are skipped, not run.
    expect(
      report.checks
        .filter((c) => c.status !== 'skipped')
        .map((c) => c.id)
        .sort(),
    ).toEqual([...fault.caughtBy].sort());
  });

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
