import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue, runConformance, type Report } from '../src/index.js';
import { startPythonServer, type PythonServer } from './support/python-server.js';

/**
 * The verdict rule (the kit fails an implementation only for a rule the spec states) tried on an implementation the
 * kit's authors did not write the kit against: independent/python/server.py was written from spec/openapi.yaml alone,
 * in another language and HTTP stack, making its own choices where the spec leaves one (independent/python/CHOICES.md).
 * Every check must run and pass. More seeds and runs: independent-python-seeds.test.ts in `npm run test:extended`.
 */
describe('against the independent Python implementation', () => {
  let server: PythonServer;
  beforeAll(async () => {
    server = await startPythonServer();
  });
  afterAll(async () => {
    await server.close();
  });

  /** The failed checks with their violations, for a readable assertion message. */
  const failures = (report: Report) =>
    report.checks.filter((c) => c.status === 'failed').map((c) => ({ id: c.id, violations: c.violations }));

  it('every check of the catalogue runs and passes (full profile, 100 runs, seed 20261130)', async () => {
    const report = await runConformance({
      target: server.url,
      apiKey: server.apiKey,
      endpointId: server.endpointIds[0],
      otherEndpointId: server.endpointIds[1],
      runs: 100,
      seed: 20261130,
    });
    expect(failures(report)).toEqual([]);
    expect(report.summary.skipped).toBe(0);
    expect(report.checks.map((c) => c.id).sort()).toEqual(catalogue.map((c) => c.id).sort());
    expect(report.summary.passed).toBe(catalogue.length);
  });
});
