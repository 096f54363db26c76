import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../../reference-server/src/index.js';
import { runConformance } from '../src/index.js';
import { referenceServerTarget } from '../../cli/in-process-target.js';

describe('against the reference server', () => {
  it.each([1, 2, 3])('every check passes in-process (seed %i)', async (seed) => {
    const report = await runConformance({ ...referenceServerTarget, runs: 15, seed });
    expect(report.checks.filter((c) => c.status === 'failed').map((c) => ({ id: c.id, v: c.violations }))).toEqual([]);
    expect(report.summary.failed).toBe(0);
    expect(report.summary.skipped).toBe(0);
    expect(report.inProcess).toBe(true);
  });

  describe('behind a path prefix', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await createServer({ basePath: '/new', log: () => undefined });
    });
    afterAll(async () => {
      await server.close();
    });

    it('every check passes with --target carrying the prefix, and every created key is deleted', async () => {
      const report = await runConformance({
        target: server.url,
        apiKey: server.apiKey,
        endpointId: server.endpointIds[0]!,
        runs: 10,
        seed: 11,
      });
      expect(report.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual([]);
      const res = await fetch(`${server.url}/v2.0/endpoints/${server.endpointIds[0]!}/apikeys`, {
        headers: { 'x-api-key': server.apiKey },
      });
      expect(((await res.json()) as { total: number }).total).toBe(0);
    });

    it('keeps the keys with cleanup off', async () => {
      await runConformance({
        target: server.url,
        apiKey: server.apiKey,
        endpointId: server.endpointIds[0]!,
        runs: 2,
        seed: 12,
        only: ['id-pattern-unique'],
        cleanup: false,
      });
      const res = await fetch(`${server.url}/v2.0/endpoints/${server.endpointIds[0]!}/apikeys`, {
        headers: { 'x-api-key': server.apiKey },
      });
      expect(((await res.json()) as { total: number }).total).toBeGreaterThan(0);
    });
  });
});
