import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot, sourceSpecPath } from '../../contract/src/index.js';
import { exceptionsPath, readExceptions, spectralLint } from '../spectral-lint.js';
import { CLI } from './support.js';

const spec = readFileSync(sourceSpecPath(), 'utf8');
const exceptions = readExceptions(exceptionsPath());

function variantFile(edit: (s: string) => string): string {
  const variant = edit(spec);
  expect(variant).not.toBe(spec);
  const file = join(mkdtempSync(join(tmpdir(), 'apikeys-kit-spectral-')), 'openapi.yaml');
  writeFileSync(file, variant);
  return file;
}

function lint(args: string[]): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [CLI, 'lint', ...args], { encoding: 'utf8', timeout: 90_000 });
  return { status: r.status, output: r.stdout + r.stderr };
}

const applying = (findings: Awaited<ReturnType<typeof spectralLint>>['findings']) =>
  findings.filter((f) => f.exception === undefined).map((f) => `${f.severity} ${f.rule} ${f.pointer}`);

describe('apikeys-kit lint runs Spectral (spectral:oas + OWASP) after Redocly', () => {
  it('passes the project spec: Redocly valid, every Spectral finding fixed or listed as not applying, no stale exception', () => {
    const r = lint([]);
    expect(r.output).toContain('Spectral: 0 errors, 0 warnings, 0 notes;');
    expect(r.output).toMatch(/Your API description is valid/); // Redocly's own line: no error, no warning
    expect(r.output).toContain('lint: Redocly passed, Spectral passed');
    expect(r.output).not.toContain('unused exception');
    expect(r.status).toBe(0);
  });
});

describe('spectralLint (in-process)', () => {
  it('matches exceptions by rule and exact pointer: the same rule elsewhere still counts', async () => {
    const file = variantFile((s) =>
      s.replace(
        '    x-internal: false\nsecurity:',
        '    x-internal: false\n  - url: http://api.example.com\n    description: A production environment.\n    x-internal: false\nsecurity:',
      ),
    );
    const report = await spectralLint(file, exceptions);
    expect(applying(report.findings)).toEqual(['error owasp:api8:2023-no-server-http #/servers/2/url']);
    expect(report.unused).toEqual([]);
  });

  it('has every exception explained in the README table', () => {
    const readme = readFileSync(join(packageRoot(), 'README.md'), 'utf8');
    for (const e of exceptions) expect(readme, e.rule).toContain(`| \`${e.rule}\``);
  });

  it('reports an exception that matches no finding as unused', async () => {
    const stale = { rule: 'owasp:api4:2023-string-limit', reason: 'test', paths: ['#/components/schemas/KeyName'] };
    const report = await spectralLint(sourceSpecPath(), [...exceptions, stale]);
    expect(applying(report.findings)).toEqual([]);
    expect(report.unused).toEqual([{ rule: stale.rule, pointer: '#/components/schemas/KeyName' }]);
  });

  it("reproduces the OWASP ruleset's crash on an object with a non-string `in` and a `name` (why FieldError is split)", async () => {
    // The two allOf parts merged back into one: the first part's properties then declares in, name and message.
    const file = variantFile((s) => s.replace('        - properties:\n            name:\n', '            name:\n'));
    await expect(spectralLint(file, exceptions)).rejects.toThrow(/\.in\.match is not a function/);
  });
});
