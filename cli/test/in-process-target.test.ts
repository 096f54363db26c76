import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../contract/src/index.js';
import type { Report } from '../../conformance/src/index.js';
import { workerExecArgv } from '../in-process-target.js';
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

  it('starts from a module given with node --input-type=module -e (a worker must not inherit those options)', () => {
    const entry = pathToFileURL(join(packageRoot(), 'dist/cli/index.js')).href;
    const code = `import { referenceServerTarget, runConformance } from '${entry}';
      const r = await runConformance({ ...referenceServerTarget, runs: 2, only: ['lifecycle'] });
      console.log(JSON.stringify(r.summary));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ passed: 1, failed: 0 });
  });

  it("passes the caller's Node options on, but those that give the main script's source", () => {
    expect(workerExecArgv(['--input-type=module', '-e', 'code', '--enable-source-maps'])).toEqual([
      '--enable-source-maps',
    ]);
    expect(workerExecArgv(['-p', '1', '--print=2', '--eval=3', '--import', 'tsx'])).toEqual(['--import', 'tsx']);
  });
});
