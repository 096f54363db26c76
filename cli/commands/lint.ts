import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { packageRoot, sourceSpecPath } from '../../contract/src/index.js';
import { exceptionsPath, readExceptions, spectralLint, type SpectralReport } from '../spectral-lint.js';
import { runTool } from './run-tool.js';
import type { Command } from './types.js';
import { commandArgs } from './command-args.js';

const HELP = `apikeys-kit lint [--spec FILE]

Lints the OpenAPI document with two linters, one after the other:
  Redocly   redocly.yaml: extends "recommended" plus this project's rules
  Spectral  the "spectral:oas" ruleset and the OWASP API Security ruleset (@stoplight/spectral-owasp-ruleset),
            in-process; findings listed in spectral-exceptions.yaml (each with its reason) do not apply
Exit 0 when neither reports an error, 1 otherwise (2 for bad options).

Options:
  --spec FILE   the document to lint (default: the project's spec/openapi.yaml)
  -h, --help    this text
`;

/** Prints Spectral's report; resolves to true when it has no error that applies (and, for the project's own spec, no stale exception). */
function printSpectral(report: SpectralReport, specPath: string, strictExceptions: boolean): boolean {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const where = relative(process.cwd(), specPath) || specPath;
  const applying = report.findings.filter((f) => f.exception === undefined);
  for (const f of applying) {
    out(`  ${where}:${f.line}:${f.column}  ${f.severity.padEnd(7)}  ${f.rule}  ${f.message}  (${f.pointer})`);
  }
  for (const u of report.unused) out(`  unused exception: ${u.rule} at ${u.pointer} matches no finding`);
  const count = (s: string) => applying.filter((f) => f.severity === s).length;
  const errors = count('error');
  const excepted = report.findings.length - applying.length;
  out(
    `Spectral: ${errors} errors, ${count('warning')} warnings, ${count('info') + count('hint')} notes; ` +
      `${excepted} findings do not apply (spectral-exceptions.yaml)`,
  );
  return errors === 0 && !(strictExceptions && report.unused.length > 0);
}

async function runSpectral(specPath: string, strictExceptions: boolean): Promise<boolean> {
  process.stdout.write('\nSpectral (spectral:oas + OWASP API Security ruleset)\n');
  try {
    const report = await spectralLint(specPath, readExceptions(exceptionsPath()));
    return printSpectral(report, specPath, strictExceptions);
  } catch (e) {
    process.stdout.write(`Spectral could not lint the document: ${e instanceof Error ? e.message : String(e)}\n`);
    return false;
  }
}

/**
 * The Redocly configuration for `spec`. For the project's document it is the package's redocly.yaml. For another file
 * (a team's copy of the contract) it is a copy of that configuration in a temporary folder whose ignore file names
 * `spec`: Redocly reads .redocly.lint-ignore.yaml beside the configuration and keys it by file, so the package's
 * entries (the three XML examples of Redocly issue #1276) would not reach a copy at another path.
 */
function redoclyConfigFor(spec: string): { config: string; done: () => void } {
  const root = packageRoot();
  const config = join(root, 'redocly.yaml');
  if (spec === sourceSpecPath()) return { config, done: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'apikeys-kit-lint-'));
  const settings = parse(readFileSync(config, 'utf8')) as { plugins?: string[]; apis?: unknown };
  settings.plugins = (settings.plugins ?? []).map((p) => (isAbsolute(p) ? p : join(root, p)));
  delete settings.apis;
  writeFileSync(join(dir, 'redocly.yaml'), stringify(settings));
  const ignore = parse(readFileSync(join(root, '.redocly.lint-ignore.yaml'), 'utf8')) as Record<string, unknown>;
  const entries = ignore[relative(root, sourceSpecPath())];
  if (entries !== undefined) writeFileSync(join(dir, '.redocly.lint-ignore.yaml'), stringify({ [spec]: entries }));
  return { config: join(dir, 'redocly.yaml'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

export const lintCommand: Command = {
  async run(argv) {
    const parsed = commandArgs(argv, { spec: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, HELP);
    if ('exit' in parsed) return parsed.exit;
    const { values } = parsed;
    // The tools run in the package's folder, so a relative --spec is resolved here, against the user's directory.
    const spec = values.spec === undefined ? sourceSpecPath() : resolve(values.spec);
    process.stdout.write('Redocly (redocly.yaml)\n');
    const { config, done } = redoclyConfigFor(spec);
    let redocly: number;
    try {
      redocly = await runTool('redocly', ['lint', '--format=stylish', '--config', config, spec]);
    } finally {
      done();
    }
    // Exceptions are written for the project's document: only there is one that matches nothing stale.
    const spectral = await runSpectral(spec, values.spec === undefined);
    process.stdout.write(
      `\nlint: Redocly ${redocly === 0 ? 'passed' : 'failed'}, Spectral ${spectral ? 'passed' : 'failed'}\n`,
    );
    return redocly === 0 && spectral ? 0 : 1;
  },
};
