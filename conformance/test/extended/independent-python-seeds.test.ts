import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../../src/index.js';
import { startPythonServer, type PythonServer } from '../support/python-server.js';

// The independent Python implementation (see ../independent-python.test.ts) at more seeds and more generated cases,
// and with one request in flight: a check that fails it only with some inputs or some interleaving shows up here.
describe('the independent Python implementation at more seeds', () => {
  let server: PythonServer;
  beforeAll(async () => {
    server = await startPythonServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    [1, 200, undefined],
    [7, 200, undefined],
    [42, 100, 1],
    [20240612, 300, undefined],
  ] as const)('seed %i, %i runs, concurrency %s: every check passes', async (seed, runs, concurrency) => {
    const report = await runConformance({
      target: server.url,
      apiKey: server.apiKey,
      endpointId: server.endpointIds[0],
      otherEndpointId: server.endpointIds[1],
      runs,
      seed,
      ...(concurrency === undefined ? {} : { concurrency }),
    });
    expect(report.checks.filter((c) => c.status === 'failed').map((c) => ({ id: c.id, v: c.violations }))).toEqual([]);
    expect(report.summary.skipped).toBe(0);
  });
});
