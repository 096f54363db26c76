import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conformanceCommand } from '../commands/conformance.js';
import { catalogue } from '../../conformance/src/index.js';
import { freePort } from '../../conformance/test/support/free-port.js';

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('apikeys-kit conformance', () => {
  it('runs against the in-process reference server, exits 0 and ends with the count line', async () => {
    const code = await conformanceCommand.run(['--runs', '3', '--seed', '4']);
    expect(code).toBe(0);
    const n = catalogue.length;
    expect(out.trimEnd().split('\n').at(-1)).toBe(`${n} passed, 0 failed`);
    expect(out).toContain(`[ 1/${n}] PASS positive-names`);
    expect(out).not.toContain('\u001b['); // not a TTY: plain lines, no colour
  });

  it('writes json and junit to files and reports skipped checks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conformance-'));
    const code = await conformanceCommand.run([
      '--runs',
      '2',
      '--seed',
      '5',
      '--only',
      'lifecycle',
      '--reporter',
      'pretty',
      '--reporter',
      'json',
      '--output',
      join(dir, 'r.json'),
      '--reporter',
      'junit',
      '--output',
      join(dir, 'r.xml'),
    ]);
    expect(code).toBe(0);
    expect(out.trimEnd().split('\n').at(-1)).toBe(`1 passed, 0 failed, ${catalogue.length - 1} skipped`);
    expect(
      (JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { summary: { passed: number } }).summary.passed,
    ).toBe(1);
    expect(readFileSync(join(dir, 'r.xml'), 'utf8')).toContain('<testsuites');
  });

  it('writes the html report to a file with --output, and to stdout without it (progress and count on stderr)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conformance-'));
    const file = join(dir, 'report.html');
    const code = await conformanceCommand.run([
      ...['--runs', '2', '--seed', '5', '--only', 'lifecycle'],
      ...['--reporter', 'html', '--output', file],
    ]);
    expect(code).toBe(0);
    const page = readFileSync(file, 'utf8');
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('✔ PASSED');
    expect(out).toBe('');
    expect(err.trimEnd().split('\n').at(-1)).toBe(`1 passed, 0 failed, ${catalogue.length - 1} skipped`);
    err = '';
    expect(
      await conformanceCommand.run(['--runs', '2', '--seed', '5', '--only', 'lifecycle', '--reporter', 'html']),
    ).toBe(0);
    expect(out.startsWith('<!doctype html>')).toBe(true);
    expect(out.trimEnd().endsWith('</html>')).toBe(true);
    expect(err).toContain('PASS lifecycle');
    expect(err.trimEnd().split('\n').at(-1)).toBe(`1 passed, 0 failed, ${catalogue.length - 1} skipped`);
  });

  it('exits 2 on a usage error', async () => {
    expect(await conformanceCommand.run(['--runs', 'many'])).toBe(2);
    expect(await conformanceCommand.run(['--only', 'no-such-check'])).toBe(2);
    expect(await conformanceCommand.run(['--reporter', 'htm'])).toBe(2);
    expect(err).toContain('unknown reporter "htm"');
    expect(
      await conformanceCommand.run(['--target', 'http://127.0.0.1:1', '--endpoint-id', '64f1c2a9b8e7d6c5b4a39281']),
    ).toBe(2);
    expect(err).toContain('API key is required');
  });

  it('exits 2 when the target is unreachable', async () => {
    const port = await freePort();
    const code = await conformanceCommand.run([
      '--target',
      `http://127.0.0.1:${port}`,
      '--api-key',
      'k',
      '--endpoint-id',
      '64f1c2a9b8e7d6c5b4a39281',
      '--timeout',
      '2000',
    ]);
    expect(code).toBe(2);
    expect(err).toContain('unreachable');
  });

  it('prints the catalogue with --list', async () => {
    expect(await conformanceCommand.run(['--list'])).toBe(0);
    expect(out).toContain('key-once-only');
    expect(out).toContain('rule: #/components/schemas/ApiKeyPlaintext/x-secret');
  });
});

describe('apikeys-kit conformance --concurrency', () => {
  it.each(['0', '-2', '1.5', 'eight'])('refuses %s as a usage error (exit 2)', async (value) => {
    const code = await conformanceCommand.run([`--concurrency=${value}`]);
    expect(code).toBe(2);
    expect(err).toContain('--concurrency must be an integer >= 1');
  });

  it('prints the progress lines in catalogue order however the checks interleave', async () => {
    const code = await conformanceCommand.run(['--runs', '2', '--seed', '6', '--concurrency', '16']);
    expect(code).toBe(0);
    const lines = out.split('\n').filter((l) => /^\[\s*\d+\/\d+\] PASS /.test(l));
    expect(lines.map((l) => l.split(' PASS ')[1]?.split(' ')[0])).toEqual(catalogue.map((c) => c.id));
  });
});
