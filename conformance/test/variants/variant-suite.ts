import { describe, expect, it } from 'vitest';
import { createServer, type RunningServer, type ServeOptions } from '../../../reference-server/src/index.js';
import { runConformance, type Report } from '../../src/index.js';
import { loadVariants } from './gallery.js';
import type { Variant } from './variant.js';

// A fixed seed (in every failure message, so a run can be replayed with `apikeys-kit conformance --seed`), 10 runs per
// property, and two Endpoints so endpoint-isolation runs too. `npm run test:extended` runs it with two seeds.
export const SEED = 20261128;
export const RUNS = 10;
const ENDPOINTS = ['64f1c2a9b8e7d6c5b4a39281', '650a8d2c6f1e4b0012ab34cd'];
const MESSAGE_LIMIT = 1200;

export async function runAgainst(options: Partial<ServeOptions>, runs = RUNS, seed = SEED): Promise<Report> {
  const server: RunningServer = await createServer({ log: () => {}, endpointIds: ENDPOINTS, ...options });
  try {
    return await runConformance({
      target: server.url,
      apiKey: server.apiKey,
      endpointId: server.endpointIds[0]!,
      otherEndpointId: server.endpointIds[1]!,
      runs,
      seed,
    });
  } finally {
    await server.close();
  }
}

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
      const report = await runAgainst(variant.apply(), runs, seed);
      expect(
        failures(report),
        `${variant.id}: ${variant.description} (allowed by ${variant.allowedBy}; seed ${seed}, ${runs} runs)`,
      ).toEqual([]);
      expect(report.summary.failed).toBe(0);
    });
  });
}
