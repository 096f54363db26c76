import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceSpecPath } from '../../contract/src/index.js';
import { CLI } from './support.js';

const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('apikeys-kit command line', () => {
  it('lists its commands with --help and exits 0', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/lint/);
    expect(r.stdout).toMatch(/mock/);
  });

  it('exits 2 on an unknown command', () => {
    expect(run('frobnicate').status).toBe(2);
  });

  it('fails the lint (exit 1) for a spec whose operation lost its operationId', () => {
    const dir = mkdtempSync(join(tmpdir(), 'apikeys-kit-lint-'));
    const broken = join(dir, 'openapi.yaml');
    writeFileSync(
      broken,
      readFileSync(sourceSpecPath(), 'utf8').replace(/^ *operationId: createEndpointApiKey\n/m, ''),
    );
    const r = run('lint', '--spec', broken);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/operation-operationId/);
  });

  it('exits 2 for a mock port that is not a number', () => {
    expect(run('mock', '--port', 'abc').status).toBe(2);
  });
});
