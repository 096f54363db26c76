import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import spectralRulesets from '@stoplight/spectral-rulesets';
import owasp from '@stoplight/spectral-owasp-ruleset';
import { parse as parseYaml } from 'yaml';
import { packageRoot } from '../contract/src/index.js';

/** Spectral's severities, by its numeric DiagnosticSeverity (0 error … 3 hint). */
const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;

export type SpectralSeverity = (typeof SEVERITIES)[number];

/** One Spectral finding, located by JSON Pointer and by line (1-based) in the linted file. */
export interface SpectralFinding {
  rule: string;
  severity: SpectralSeverity;
  pointer: string;
  message: string;
  line: number;
  column: number;
  /** The exception of `spectral-exceptions.yaml` that covers it (the finding does not apply), if any. */
  exception?: SpectralException;
}

/** One rule's findings that do not apply, at exact JSON Pointers, and why. */
export interface SpectralException {
  rule: string;
  reason: string;
  paths: string[];
}

export interface SpectralReport {
  findings: SpectralFinding[];
  /** Exception entries (rule and pointer) that matched no finding. */
  unused: { rule: string; pointer: string }[];
}

/** The exceptions file shipped with the package. */
export function exceptionsPath(): string {
  return join(packageRoot(), 'spectral-exceptions.yaml');
}

/** Reads and checks the exceptions file; a malformed entry is an error naming it. */
export function readExceptions(path: string): SpectralException[] {
  const doc = parseYaml(readFileSync(path, 'utf8')) as { exceptions?: unknown } | null;
  const list = doc?.exceptions;
  if (!Array.isArray(list)) throw new Error(`${path}: expected a list under "exceptions"`);
  return list.map((e: unknown, i) => {
    const x = e as Partial<Record<keyof SpectralException, unknown>>;
    const ok =
      typeof x.rule === 'string' &&
      typeof x.reason === 'string' &&
      x.reason.trim() !== '' &&
      Array.isArray(x.paths) &&
      x.paths.length > 0 &&
      x.paths.every((p) => typeof p === 'string' && p.startsWith('#/'));
    if (!ok) throw new Error(`${path}: exception ${i + 1} needs a rule, a reason and paths (JSON Pointers "#/…")`);
    return x as SpectralException;
  });
}

/** A Spectral result path as a JSON Pointer fragment (RFC 6901). */
function pointerOf(path: readonly (string | number)[]): string {
  return `#/${path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/**
 * Lints an OpenAPI document in-process with Spectral: the `spectral:oas` ruleset (its recommended rules, as
 * `extends: spectral:oas` gives them) and the OWASP API Security ruleset (`@stoplight/spectral-owasp-ruleset`), in
 * one ruleset. Findings covered by an exception are returned marked, not dropped.
 */
export async function spectralLint(specPath: string, exceptions: SpectralException[]): Promise<SpectralReport> {
  const { Spectral, Document } = spectralCore;
  const spectral = new Spectral();
  spectral.setRuleset({ extends: [spectralRulesets.oas, owasp] } as Parameters<typeof spectral.setRuleset>[0]);
  const text = readFileSync(specPath, 'utf8');
  const document = specPath.endsWith('.json')
    ? new Document(text, spectralParsers.Json, specPath)
    : new Document(text, spectralParsers.Yaml, specPath);
  const results = await spectral.run(document);
  const used = new Set<string>();
  const findings = results.map((r): SpectralFinding => {
    const rule = String(r.code);
    const pointer = pointerOf(r.path);
    const exception = exceptions.find((e) => e.rule === rule && e.paths.includes(pointer));
    if (exception) used.add(`${rule} ${pointer}`);
    return {
      rule,
      severity: SEVERITIES[r.severity] ?? 'error',
      pointer,
      message: r.message,
      line: r.range.start.line + 1,
      column: r.range.start.character + 1,
      ...(exception ? { exception } : {}),
    };
  });
  const unused = exceptions.flatMap((e) =>
    e.paths.filter((p) => !used.has(`${e.rule} ${p}`)).map((pointer) => ({ rule: e.rule, pointer })),
  );
  return { findings, unused };
}
