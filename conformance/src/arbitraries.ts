import { METHODS } from 'node:http';
import fc from 'fast-check';
import type { JsonSchema, ParameterSpec } from '../../spec/lib/index.js';
import { negotiate } from '../../spec/lib/index.js';
import type { ApiModel } from './api-model.js';

/**
 * Generator budget for names when the spec sets no maxLength (not a rule of the contract: only how long the
 * generated strings get). This project's spec sets one, so the budget is unused against it.
 */
export const UNBOUNDED_NAME_BUDGET = 256;

const codePoints = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCodePoint(c));

/**
 * Single code points from the scripts that break naive implementations: astral planes (emoji, mathematical
 * alphanumerics, CJK Extension B), right-to-left scripts (Hebrew, Arabic), combining marks, and ASCII.
 */
const interestingChar = fc.oneof(
  { weight: 3, arbitrary: codePoints(0x20, 0x7e) },
  { weight: 2, arbitrary: codePoints(0x1f600, 0x1f64f) },
  { weight: 1, arbitrary: codePoints(0x1d400, 0x1d7ff) },
  { weight: 1, arbitrary: codePoints(0x20000, 0x2a6df) },
  { weight: 2, arbitrary: codePoints(0x05d0, 0x05ea) },
  { weight: 2, arbitrary: codePoints(0x0627, 0x064a) },
  { weight: 2, arbitrary: codePoints(0x0300, 0x036f) },
  { weight: 1, arbitrary: fc.constantFrom('&', '<', '>', '"', "'", ',', ';', '=', '+', '-', '@', '\u00a0', '\u2022', '\u200f') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

/** Names the spec's name schema accepts: full Unicode within its limits, boundary lengths included. */
export function validName(api: ApiModel): fc.Arbitrary<string> {
  const min = Number(api.nameSchema['minLength'] ?? 1);
  const max = Number(api.nameSchema['maxLength'] ?? UNBOUNDED_NAME_BUDGET);
  const ok = (s: string) => api.validateCreateBody({ [api.nameField]: s });
  return fc
    .oneof(
      { weight: 6, arbitrary: fc.string({ unit: interestingChar, minLength: min, maxLength: max }) },
      { weight: 1, arbitrary: fc.string({ unit: interestingChar, minLength: max, maxLength: max }) },
      { weight: 1, arbitrary: fc.string({ unit: interestingChar, minLength: min, maxLength: min }) },
    )
    .filter(ok);
}

/**
 * Boundary names every run tries first, built from the spec's limits: the longest name in ASCII and in astral
 * characters (length counts code points, not UTF-16 units), decomposed combining marks (an NFC-normalising
 * store changes them), right-to-left text with marks, and the characters XML and CSV must escape.
 */
export function boundaryNames(api: ApiModel): string[] {
  const min = Number(api.nameSchema['minLength'] ?? 1);
  const max = Number(api.nameSchema['maxLength'] ?? UNBOUNDED_NAME_BUDGET);
  const fill = (unit: string, n: number) => Array.from({ length: n }, () => unit).join('');
  const candidates = [
    fill('x', max),
    fill('\u{1F600}', max),
    fill('a', min),
    'Cafe\u0301 \u05E9\u05C1\u05DC\u05D5\u05B9\u05DD',
    'e\u0301\u0323 \u1E69',
    '\u0627\u0644\u0639\u0631\u0628\u064A\u0629 \u200F(RTL)',
    'a,b "quoted" <tag> & \'x\' =1+1 @x',
    // Spreadsheet formula prefixes at the start: the spec writes CSV values verbatim, so no escaping may be added.
    '=1+1',
    '+x',
    '-2',
    '@SUM(A1)',
  ];
  const ok = (s: string) => api.validateCreateBody({ [api.nameField]: s });
  return candidates.filter(ok);
}

/** Names the spec's name schema refuses: empty, too long, control characters, white space at an edge, … */
export function invalidName(api: ApiModel): fc.Arbitrary<string> {
  const max = Number(api.nameSchema['maxLength'] ?? UNBOUNDED_NAME_BUDGET);
  const ok = (s: string) => api.validateCreateBody({ [api.nameField]: s });
  const base = fc.string({ unit: interestingChar, minLength: 1, maxLength: 16 });
  return fc
    .oneof(
      fc.constant(''),
      fc.string({ unit: interestingChar, minLength: max + 1, maxLength: max + 8 }),
      fc.tuple(base, codePoints(0, 0x1f), base).map(([a, c, b]) => a + c + b),
      fc.tuple(base, fc.constantFrom('\u007f', '\u0085', '\u2028', '\u2029', '\ufffe', '\uffff', '\ud800')).map(([a, c]) => a + c + a),
      fc.tuple(fc.constantFrom(' ', '\t', '\u00a0', '\u3000', '\n'), base).map(([w, b]) => w + b),
      fc.tuple(base, fc.constantFrom(' ', '\t', '\u00a0', '\u3000', '\n')).map(([b, w]) => b + w),
    )
    .filter((s) => !ok(s));
}

/** Strings matching a parameter's pattern (well-formed ids). */
export function wellFormed(param: ParameterSpec): fc.Arbitrary<string> {
  const pattern = param.resolvedSchema['pattern'];
  if (typeof pattern !== 'string') return fc.string({ minLength: 1 }).filter((s) => param.validate(s) as boolean);
  return fc.stringMatching(new RegExp(pattern, 'u')).filter((s) => param.validate(s) as boolean);
}

/** Path segments the parameter's schema refuses, excluding ones that would change the path itself ('/', '.', '..'). */
export function malformed(param: ParameterSpec): fc.Arbitrary<string> {
  return fc
    .oneof(
      wellFormed(param).map((s) => s.toUpperCase()),
      wellFormed(param).map((s) => s.slice(1)),
      wellFormed(param).map((s) => `${s}0`),
      wellFormed(param).chain((s) => fc.nat({ max: s.length - 1 }).chain((i) => fc.constantFrom('-', '_', '~', 'G', 'Z', 'é', ' ', '!').map((c) => s.slice(0, i) + c + s.slice(i + 1)))),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
      fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 60 }),
    )
    .filter((s) => s.length > 0 && s !== '.' && s !== '..' && !/[/\\?#%]/.test(s) && !(param.validate(s) as boolean));
}

/** Accept header values built from the documented media types, wildcards and quality values. */
export function acceptHeader(media: readonly string[]): fc.Arbitrary<string | undefined> {
  const ranges = [...media, '*/*', ...new Set(media.map((m) => `${m.split('/')[0]}/*`)), 'image/png', 'text/html', 'application/pdf'];
  const q = fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 1000 }).map((n) => `;q=${(n / 1000).toString().slice(0, 5)}`));
  const list = fc.array(fc.tuple(fc.constantFrom(...ranges), q), { minLength: 1, maxLength: 4 }).map((xs) => xs.map(([r, w]) => r + w).join(', '));
  return fc.oneof(fc.constant(undefined), fc.constantFrom(...media), list);
}

/** Accept values that negotiate one of the documented media types. */
export function acceptableHeader(media: readonly string[]): fc.Arbitrary<string | undefined> {
  return acceptHeader(media).filter((a) => negotiate(a, media) !== undefined);
}

/** Accept values with which none of the documented media types is acceptable (RFC 9110 §12.5.1). */
export function unacceptableHeader(media: readonly string[]): fc.Arbitrary<string> {
  const others = ['image/png', 'text/html', 'application/pdf', 'application/vnd.example+json', 'audio/*', 'font/woff2', 'application/json-seq'];
  const other = fc.constantFrom(...others);
  const excluded = fc.subarray([...media], { minLength: 1 }).map((ms) => ms.map((m) => `${m};q=0`));
  return fc
    .tuple(fc.array(other, { minLength: 0, maxLength: 3 }), excluded, fc.boolean())
    .map(([o, ex, withWild]) => [...o, ...ex, ...(withWild ? ['*/*;q=0'] : [])].join(', '))
    .filter((a) => a.length > 0 && negotiate(a, media) === undefined);
}

/** HTTP methods Node's parser accepts (so any server can see them), except CONNECT. */
export const knownMethods: readonly string[] = METHODS.filter((m) => m !== 'CONNECT');

/** JSON values of every type, for wrong-type bodies. */
export const anyJson = fc.jsonValue({ maxDepth: 2 });

/** Bounds of an integer schema. */
export function intBounds(schema: JsonSchema): { min: number; max: number } {
  return { min: Number(schema['minimum'] ?? 0), max: Number(schema['maximum'] ?? Number.MAX_SAFE_INTEGER) };
}
