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

  it('gets ready while the run loads the spec: a prepared worker never started or cancelled does not hold the process', () => {
    const entry = pathToFileURL(join(packageRoot(), 'dist/cli/index.js')).href;
    const code = `import { referenceServerTarget, sourceSpecPath } from '${entry}';
      referenceServerTarget.prepare({ specPath: sourceSpecPath() });
      referenceServerTarget.prepare({ specPath: sourceSpecPath() }).cancel();
      console.log('left');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 30_000 });
    expect(r.signal, 'the process was killed at the timeout: a worker kept it alive').toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('left');
  });

  it('a run that fails before starting its prepared worker ends (SPEC_UNREADABLE), and a worker that fails is reported', () => {
    const entry = pathToFileURL(join(packageRoot(), 'dist/cli/index.js')).href;
    const code = `import { referenceServerTarget, runConformance } from '${entry}';
      const codeOf = (p) => p.then(() => 'resolved', (e) => e.code ?? e.message);
      const bad = await codeOf(runConformance({ ...referenceServerTarget, specPath: '/no/such/spec.json' }));
      const failed = await codeOf(referenceServerTarget.prepare({ specPath: '/no/such/spec.json' }).start(['64f1c2a9b8e7d6c5b4a39281']));
      console.log(JSON.stringify({ bad, failed }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 30_000 });
    expect(r.signal, 'the process was killed at the timeout: a worker kept it alive').toBeNull();
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { bad: string; failed: string };
    expect(out.bad).toBe('SPEC_UNREADABLE');
    expect(out.failed).toBe('SPEC_UNREADABLE');
  });

  it("passes the caller's Node options on, but those that give the main script's source", () => {
    expect(workerExecArgv(['--input-type=module', '-e', 'code', '--enable-source-maps'])).toEqual([
      '--enable-source-maps',
    ]);
    expect(workerExecArgv(['-p', '1', '--print=2', '--eval=3', '--import', 'tsx'])).toEqual(['--import', 'tsx']);
  });
});
