import { fork, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { checkResponse, loadContract, packageRoot } from '../../../contract/src/index.js';

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
    expect(out.results.map((x) => x.name.split(' ')[2])).toEqual([
      'plumbing',
      'skeleton',
      'body',
      'reference',
      'floor',
      'floor-unkept',
    ]);
    for (const res of out.results) expect(Number.isFinite(res.ratio) && res.ratio > 0).toBe(true);
  });

  // The floor bounds what a conforming server could reach only if its answer is one: check it against the spec.
  it.each(['floor', 'floor-unkept'])(
    'the %s server answers a create the way the spec documents a 201',
    async (role) => {
      const child = fork(join(packageRoot(), 'scripts', 'bench-server.mjs'), [role], { stdio: 'ignore' });
      try {
        const url = await new Promise<string>((resolve, reject) => {
          child.once('error', reject);
          child.on('message', (m: { ready?: boolean; url?: string }) => m.ready && m.url && resolve(m.url));
        });
        const contract = loadContract();
        const create = contract.operationByRole('create');
        const path = create.pathTemplate.replace('{endpointId}', '64f1c2a9b8e7d6c5b4a39281');
        const send = (apiKey: string) =>
          request(url + path, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [contract.apiKeyHeader]: apiKey },
            body: JSON.stringify({ name: 'My CRM webhook' }),
          });
        const res = await send('bench-api-key');
        const body = await res.body.text();
        const check = checkResponse(contract, create.responses, {
          status: res.statusCode,
          headers: res.headers,
          body,
        });
        expect(res.statusCode).toBe(201);
        expect(check.violations).toEqual([]);
        const wrongKey = await send('not-the-key');
        await wrongKey.body.dump();
        expect(wrongKey.statusCode).toBe(401);
      } finally {
        child.kill();
      }
    },
  );
});
