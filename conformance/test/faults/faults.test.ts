import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../reference-server/src/index.js';
import { rewriteRequests, rewriteResponses, storeWith, wrapAll } from './fault.js';
import { catalogue, type Report } from '../../src/index.js';
import { loadGallery } from './gallery.js';
import { failedChecks, RUNS, runAgainst, SEED } from './run.js';

// The gallery's own rules, the unmodified server and the harness. Each fault is judged by its expected checks alone
// in faults-only.test.ts (verdicts do not depend on the selection); the whole catalogue against every fault, and more
// seeds, run in conformance/test/extended (`npm run test:extended`, after `npm test` in CI).
const faults = await loadGallery();

describe('the fault gallery', () => {
  it('has at least 30 faults, each with a description and at least one expected check from the catalogue', () => {
    expect(faults.length).toBeGreaterThanOrEqual(30);
    const ids = new Set(catalogue.map((c) => c.id));
    for (const f of faults) {
      expect(f.description.length, f.id).toBeGreaterThan(10);
      expect(f.caughtBy.length, f.id).toBeGreaterThan(0);
      for (const c of f.caughtBy) expect(ids.has(c), `${f.id} names unknown check ${c}`).toBe(true);
    }
  });

  it('gives every check in the catalogue at least one fault to catch', () => {
    const caught = new Set(faults.flatMap((f) => f.caughtBy));
    expect(catalogue.map((c) => c.id).filter((id) => !caught.has(id))).toEqual([]);
  });
});

describe('the conformance kit against the unmodified reference server', () => {
  let report: Report;
  beforeAll(async () => {
    report = await runAgainst({});
  });
  afterAll(() => undefined);

  it(`passes every check (seed ${SEED}, ${RUNS} runs)`, () => {
    expect(failedChecks(report)).toEqual([]);
    expect(report.summary.failed).toBe(0);
    expect(report.summary.passed).toBe(catalogue.length);
  });
});

describe('the fault harness itself', () => {
  it('changes nothing when its wrappers change nothing (so a fault is caught for what it changes)', async () => {
    const report = await runAgainst({
      wrapHandler: wrapAll(
        rewriteRequests(() => undefined),
        rewriteResponses((res) => res),
      ),
      store: storeWith(new MemoryStore(), () => ({})),
    });
    expect(failedChecks(report)).toEqual([]);
  });
});
