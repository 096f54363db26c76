import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
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

  it('exits 2 for a mock port that is not a number', () => {
    expect(run('mock', '--port', 'abc').status).toBe(2);
  });
});
