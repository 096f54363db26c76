import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/index.js';
import { runAgainst, RUNS, SEED } from '../support/run-against.js';
import { loadVariants } from './gallery.js';
import type { Variant } from './variant.js';

const MESSAGE_LIMIT = 1200;

/** Every violation of every failed check, as "check: [property] message", so a failing variant shows why. */
export function failures(report: Report): string[] {
  return report.checks
    .filter((c) => c.status === 'failed')
    .flatMap((c) =>
      (c.violations.length > 0 ? c.violations : [{ message: '(no violation recorded)' }]).map((v) => {
        const text = `${c.id}: ${'property' in v && v.property ? `[${v.property}] ` : ''}${v.message}`;
        return text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT)}…` : text;
      }),
    );
}

/**
 * One vitest suite over part `part` (1-based) of `parts` consecutive slices of the gallery (sorted by id), so the
 * gallery can be split over several test files that vitest runs in parallel.
 */
export async function variantSuite(part: number, parts: number, runs = RUNS, seed = SEED): Promise<void> {
  const all = await loadVariants();
  const size = Math.ceil(all.length / parts);
  const mine: Variant[] = all.slice((part - 1) * size, part * size);
  describe(`the conformance kit against each legal variant (part ${part} of ${parts}, ${runs} runs, seed ${seed})`, () => {
    it.each(mine.map((v) => [v.id, v] as const))('passes %s', async (_id, variant) => {
      const report = await runAgainst(variant.apply(), { runs, seed });
      expect(
        failures(report),
        `${variant.id}: ${variant.description} (allowed by ${variant.allowedBy}; seed ${seed}, ${runs} runs)`,
      ).toEqual([]);
      expect(report.summary.failed).toBe(0);
    });
  });
}
