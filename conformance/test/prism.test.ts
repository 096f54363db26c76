import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../contract/src/index.js';
import { runConformance } from '../src/index.js';
import { freePort } from './support/free-port.js';

/** The spec's example Endpoint id, which Prism's examples use. */
const EXAMPLE_ENDPOINT = '64f1c2a9b8e7d6c5b4a39281';

describe('against the Prism mock', () => {
  let prism: ChildProcess;
  let target = '';

  beforeAll(async () => {
    const port = await freePort();
    const root = packageRoot();
    prism = spawn(
      join(root, 'node_modules/.bin/prism'),
      ['mock', '-h', '127.0.0.1', '-p', String(port), join(root, 'spec/openapi.yaml')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Prism did not start within 45 s')), 45_000);
      const onData = (b: Buffer) => {
        if (b.toString().includes('Prism is listening')) {
          clearTimeout(timer);
          resolve();
        }
      };
      prism.stdout!.on('data', onData);
      prism.stderr!.on('data', onData);
      prism.once('exit', (code) => reject(new Error(`Prism exited with ${code}`)));
    });
    target = `http://127.0.0.1:${port}`;
  });
  afterAll(() => {
    prism?.kill('SIGTERM');
  });

  it('passes the stateless profile', async () => {
    const report = await runConformance({
      target,
      apiKey: 'any-key',
      endpointId: EXAMPLE_ENDPOINT,
      profile: 'stateless',
      runs: 25,
      seed: 5,
    });
    expect(
      report.checks
        .filter((c) => c.status === 'failed')
        .map((c) => ({ id: c.id, v: c.violations.map((v) => v.message) })),
    ).toEqual([]);
    expect(report.summary.passed).toBeGreaterThan(0);
  });

  it('fails the full profile on the stateful checks, with messages', async () => {
    const report = await runConformance({ target, apiKey: 'any-key', endpointId: EXAMPLE_ENDPOINT, runs: 10, seed: 5 });
    const failed = report.checks.filter((c) => c.status === 'failed');
    const ids = failed.map((c) => c.id);
    for (const id of [
      'auth-wrong-key',
      'unknown-ids-404',
      'method-not-allowed',
      'id-pattern-unique',
      'timestamp-window',
      'lifecycle',
      'concurrency',
      'key-randomness',
      'key-once-only',
      'body-too-large',
    ]) {
      expect(ids).toContain(id);
    }
    for (const c of failed) expect(c.violations.every((v) => v.message.length > 10)).toBe(true);
  });
});
