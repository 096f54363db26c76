import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../contract/src/index.js';

// A smoke test of the latency benchmark: it runs the suite through its delaying proxy at both concurrencies and
// reports the ratio. Timings are never asserted; the runs' outcomes are.
describe('npm run bench:latency', () => {
  it('runs in quick mode: both runs pass with the same verdicts, every request went through the proxy', () => {
    const r = spawnSync(process.execPath, [join(packageRoot(), 'scripts', 'bench-latency.mjs'), '--quick', '--json'], {
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      ratio: number;
      sameVerdicts: boolean;
      proxiedRequests: number;
      sequential: { requests: number; failed: number; concurrency: number | string };
      parallel: { requests: number; failed: number; concurrency: number | string };
    };
    expect(Number.isFinite(out.ratio) && out.ratio > 0).toBe(true);
    expect(out.sameVerdicts).toBe(true);
    expect([out.sequential.failed, out.parallel.failed]).toEqual([0, 0]);
    expect([out.sequential.concurrency, out.parallel.concurrency]).toEqual([1, 'default']);
    // At least: a request retried on a fresh socket (a keep-alive reset) goes through twice.
    expect(out.proxiedRequests).toBeGreaterThanOrEqual(out.sequential.requests + out.parallel.requests);
  });
});
