import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/index.js';
import { runAgainst, SEED } from '../support/run-against.js';
import type { Fault } from './fault.js';
import { loadGallery } from './gallery.js';

export { ENDPOINTS, RUNS, runAgainst, SEED } from '../support/run-against.js';

export const failedChecks = (r: Report): string[] => r.checks.filter((c) => c.status === 'failed').map((c) => c.id);

/** A one-line account of a report's failures, for assertion messages. */
export function failures(r: Report): string {
  return r.checks
    .filter((c) => c.status === 'failed')
    .map(
      (c) =>
        `${c.id}: ${c.violations
          .map((v) => v.message.split('\n')[0])
          .join(' | ')
          .slice(0, 300)}`,
    )
    .join('\n');
}

/**
 * One vitest suite over part `part` (1-based) of `parts` consecutive slices of the gallery (sorted by id): each fault
 * against the whole catalogue fails the run, with each of its expected checks among the failures. Split so the
 * gallery runs over several test files that vitest runs in parallel.
 */
export async function faultSuite(part: number, parts: number): Promise<void> {
  const all = await loadGallery();
  const size = Math.ceil(all.length / parts);
  const mine: Fault[] = all.slice((part - 1) * size, part * size);
  describe(`the conformance kit against each faulty implementation (part ${part} of ${parts})`, () => {
    it.each(mine.map((f) => [f.id, f] as const))('catches %s', async (_id, fault) => {
      const report = await runAgainst(fault.apply());
      const failed = failedChecks(report);
      expect(report.summary.failed, `${fault.description}: the run passed (seed ${SEED})`).toBeGreaterThan(0);
      expect(
        failed,
        `${fault.description}: expected ${fault.caughtBy.join(', ')} among the failures (seed ${SEED})`,
      ).toEqual(expect.arrayContaining([...fault.caughtBy]));
    });
  });
}

/**
 * One vitest suite over part `part` of `parts` slices of the gallery: each fault with only the checks expected to catch
 * it (a check gives the same verdict under --only as in a full run: the audit checks provoke the traffic they judge
 * through the run's sweep). Each of those checks must fail, and no other check may run.
 */
export async function onlySuite(part: number, parts: number): Promise<void> {
  const all = await loadGallery();
  const size = Math.ceil(all.length / parts);
  const mine: Fault[] = all.slice((part - 1) * size, part * size);
  describe(`the conformance kit with only the checks expected to catch a fault (part ${part} of ${parts})`, () => {
    it.each(mine.map((f) => [f.id, f] as const))('catches %s with --only its checks', async (_id, fault) => {
      const report = await runAgainst(fault.apply(), { only: [...fault.caughtBy] });
      expect(
        failedChecks(report),
        `${fault.description}: with --only ${fault.caughtBy.join(',')}, expected ${fault.caughtBy.join(', ')} to fail (seed ${SEED}); failures:\n${failures(report)}`,
      ).toEqual(expect.arrayContaining([...fault.caughtBy]));
      expect(report.summary.failed).toBeGreaterThan(0);
      // Checks outside the selection are skipped, not run.
      expect(
        report.checks
          .filter((c) => c.status !== 'skipped')
          .map((c) => c.id)
          .sort(),
      ).toEqual([...fault.caughtBy].sort());
    });
  });
}
