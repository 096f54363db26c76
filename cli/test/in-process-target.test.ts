import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../conformance/src/index.js';
import { CLI } from './support.js';

// The built CLI starts the in-process reference server in a worker thread (cli/reference-server-worker.ts); tests that
// import the TypeScript sources run it on their own thread, so this one runs the build.
describe('the built in-process target', () => {
  it('starts the reference server in its worker, passes every check and stops it (the process exits)', () => {
    const r = spawnSync(process.execPath, [CLI, 'conformance', '--runs', '2', '--seed', '9', '--reporter', 'json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.inProcess).toBe(true);
    expect(report.summary.failed).toBe(0);
    expect(report.summary.skipped).toBe(0);
  });
});
