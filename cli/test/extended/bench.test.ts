import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../contract/src/index.js';

// A smoke test of the benchmark script: it runs and reports ratios. Timings are never asserted (DEVELOPERS.md).
describe('npm run bench', () => {
  it('runs in quick mode and reports a ratio for every measurement and the memory per stored key', () => {
    const r = spawnSync(process.execPath, [join(packageRoot(), 'scripts', 'bench.mjs'), '--quick', '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      results: { ratio: number }[];
      memory: { heapBytesPerKey: number; rssBytesPerKey: number };
    };
    expect(out.results.length).toBe(3);
    for (const res of out.results) expect(Number.isFinite(res.ratio) && res.ratio > 0).toBe(true);
    expect(Number.isFinite(out.memory.heapBytesPerKey) && out.memory.heapBytesPerKey > 0).toBe(true);
    expect(Number.isFinite(out.memory.rssBytesPerKey)).toBe(true);
  });

  it('--ceiling reports a ratio to the bare handler for every step up to the reference server', () => {
    const r = spawnSync(
      process.execPath,
      [join(packageRoot(), 'scripts', 'bench.mjs'), '--ceiling', '--quick', '--json'],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { results: { name: string; ratio: number }[] };
    expect(out.results.map((x) => x.name.split(' ')[2])).toEqual(['plumbing', 'skeleton', 'body', 'reference']);
    for (const res of out.results) expect(Number.isFinite(res.ratio) && res.ratio > 0).toBe(true);
  });
});
