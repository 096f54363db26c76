import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, MemoryStore, type RunningServer, type ServeOptions } from '../../../reference-server/src/index.js';
import { rewriteRequests, rewriteResponses, storeWith, wrapAll } from './fault.js';
import { catalogue, runConformance, type Report } from '../../src/index.js';
import { loadGallery } from './gallery.js';

// Short runs: every fault must be caught with few generated cases. A fixed seed keeps CI reproducible; the
// seed is in every failure message so a miss can be replayed with `apikeys-kit conformance --seed`.
const SEED = 20261128;
const RUNS = 10;
const faults = await loadGallery();

/** Two Endpoints, so endpoint-isolation runs too (test data: ids matching the spec's pattern). */
const ENDPOINTS = ['64f1c2a9b8e7d6c5b4a39281', '650a8d2c6f1e4b0012ab34ce'];

async function runAgainst(options: Partial<ServeOptions>): Promise<Report> {
  const server: RunningServer = await createServer({ log: () => {}, endpointIds: ENDPOINTS, ...options });
  try {
    return await runConformance({
      target: server.url,
      apiKey: server.apiKey,
      endpointId: server.endpointIds[0]!,
      otherEndpointId: server.endpointIds[1]!,
      runs: RUNS,
      seed: SEED,
    });
  } finally {
    await server.close();
  }
}

const failedChecks = (r: Report) => r.checks.filter((c) => c.status === 'failed').map((c) => c.id);

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

describe('the conformance kit against each faulty implementation', () => {
  it.each(faults.map((f) => [f.id, f] as const))('catches %s', async (_id, fault) => {
    const report = await runAgainst(fault.apply());
    const failed = failedChecks(report);
    expect(report.summary.failed, `${fault.description}: the run passed (seed ${SEED})`).toBeGreaterThan(0);
    expect(failed, `${fault.description}: expected ${fault.caughtBy.join(', ')} among the failures (seed ${SEED})`).toEqual(
      expect.arrayContaining([...fault.caughtBy]),
    );
  });
});
