import { METHODS } from 'node:http';
import fc from 'fast-check';
import type { JsonSchema, ParameterSpec } from '../../contract/src/index.js';
import { contentTypeFor } from '../../contract/src/index.js';
import type { ApiModel, CodePointRange } from './api-model.js';
import { negotiationOf } from './negotiation-memo.js';

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
  {
    weight: 1,
    arbitrary: fc.constantFrom('&', '<', '>', '"', "'", ',', ';', '=', '+', '-', '@', '\u00a0', '\u2022', '\u200f'),
  },
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
 * store changes them), right-to-left text with marks, the characters XML and CSV must escape, and each code point
 * refused at either end of a name placed inside one ({@link edgeSpaceInsideExamples}).
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
    ...edgeSpaceInsideExamples(api),
  ];
  const ok = (s: string) => api.validateCreateBody({ [api.nameField]: s });
  return candidates.filter(ok);
}

/** Every code point of a list of `x-code-points` ranges (the edge list is a few dozen code points). */
const eachCodePoint = (ranges: readonly CodePointRange[]): number[] =>
  ranges.flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, i) => first + i));

/** Filler around a probed code point, long enough that the name meets the schema's minLength. */
function filler(api: ApiModel, others: number): string {
  const min = Number(api.nameSchema['minLength'] ?? 1);
  return 'x'.repeat(Math.max(1, Math.ceil((min - 1) / others)));
}

/**
 * Valid names with each code point the spec refuses at either end (`x-code-points.refusedAtEdges`) inside,
 * one name per code point: a server that trims, collapses or refuses inner white space fails on the one it mishandles.
 */
export function edgeSpaceInsideExamples(api: ApiModel): string[] {
  const side = filler(api, 2);
  const ok = (s: string) => api.validateCreateBody({ [api.nameField]: s });
  return eachCodePoint(api.nameCodePoints.refusedAtEdges)
    .map((c) => side + String.fromCodePoint(c) + side)
    .filter(ok);
}

/**
 * Names the spec refuses, one reason each so a `400` is unambiguous, tried on every run: the first and the last
 * code point of each `x-code-points.refusedAnywhere` range inside a name (for the surrogate range, a lone high and a
 * lone low surrogate), and each `refusedAtEdges` code point at the start and at the end of a name. These are the
 * names a trimming or normalising implementation would "repair" into valid ones.
 */
export function refusedNameExamples(api: ApiModel): string[] {
  const { refusedAnywhere, refusedAtEdges } = api.nameCodePoints;
  const side = filler(api, 2);
  const rest = filler(api, 1);
  const inside = [...new Set(refusedAnywhere.flatMap(([first, last]) => [first, last]))].map(
    (c) => side + String.fromCodePoint(c) + side,
  );
  const edges = eachCodePoint(refusedAtEdges).flatMap((c) => [
    String.fromCodePoint(c) + rest,
    rest + String.fromCodePoint(c),
  ]);
  // The length limits, just outside: one code point short of minLength, one past maxLength (astral, so a limit
  // counted in UTF-16 units shows too).
  const min = Number(api.nameSchema['minLength'] ?? 0);
  const max = api.nameSchema['maxLength'];
  const lengths = [
    ...(min > 0 ? ['x'.repeat(min - 1)] : []),
    ...(typeof max === 'number' ? ['x'.repeat(max + 1), '\u{1F600}'.repeat(max + 1)] : []),
  ];
  const ok = (s: string) => api.validateCreateBody({ [api.nameField]: s });
  return [...lengths, ...inside, ...edges].filter((s) => !ok(s));
}

/**
 * Names the spec's name schema refuses: empty, too long, a code point of `x-code-points.refusedAnywhere` anywhere,
 * or one of either list at an edge.
 */
export function invalidName(api: ApiModel): fc.Arbitrary<string> {
  const max = Number(api.nameSchema['maxLength'] ?? UNBOUNDED_NAME_BUDGET);
  const { refusedAnywhere, refusedAtEdges } = api.nameCodePoints;
  const ok = (s: string) => api.validateCreateBody({ [api.nameField]: s });
  const base = fc.string({ unit: interestingChar, minLength: 1, maxLength: 16 });
  const from = (ranges: readonly CodePointRange[]) =>
    fc.constantFrom(...ranges).chain(([first, last]) => codePoints(first, last));
  const atEdge = [...refusedAnywhere, ...refusedAtEdges];
  return fc
    .oneof(
      fc.constant(''),
      fc.string({ unit: interestingChar, minLength: max + 1, maxLength: max + 8 }),
      ...(refusedAnywhere.length > 0
        ? [fc.tuple(base, from(refusedAnywhere), base).map(([a, c, b]) => a + c + b)]
        : []),
      ...(atEdge.length > 0
        ? [fc.tuple(from(atEdge), base).map(([c, b]) => c + b), fc.tuple(base, from(atEdge)).map(([b, c]) => b + c)]
        : []),
    )
    .filter((s) => !ok(s));
}

/**
 * Built once per parameter: fast-check's stringMatching tokenises the pattern and probes every character class when
 * it is built, which costs far more than drawing values from it.
 */
const wellFormedOf = new WeakMap<ParameterSpec, fc.Arbitrary<string>>();
const malformedOf = new WeakMap<ParameterSpec, fc.Arbitrary<string>>();

/** Strings matching a parameter's pattern (well-formed ids). */
export function wellFormed(param: ParameterSpec): fc.Arbitrary<string> {
  let arb = wellFormedOf.get(param);
  if (arb === undefined) {
    const pattern = param.resolvedSchema['pattern'];
    arb =
      typeof pattern !== 'string'
        ? fc.string({ minLength: 1 }).filter((s) => param.validate(s))
        : fc.stringMatching(new RegExp(pattern, 'u')).filter((s) => param.validate(s));
    wellFormedOf.set(param, arb);
  }
  return arb;
}

/**
 * Whether a query value is empty or white space only, which the spec lets an implementation refuse (400) or treat as
 * absent ("Inputs the rules above leave open": query values). "White space" is read broadly (ECMAScript's WhiteSpace and
 * LineTerminator, a superset of what other stacks trim), so no reading of it fails a server.
 */
export function isBlank(value: string): boolean {
  return value.trim() === '';
}

/**
 * Values of a query parameter its schema refuses and that no reading the spec allows makes acceptable: blank values
 * (400 or absent, see {@link isBlank}) left out.
 */
export function malformedQueryValue(param: ParameterSpec, maxLength = 20): fc.Arbitrary<string> {
  return fc.string({ unit: 'binary-ascii', minLength: 1, maxLength }).filter((s) => !isBlank(s) && !param.validate(s));
}

/** Path segments the parameter's schema refuses, excluding ones that would change the path itself ('/', '.', '..'). */
export function malformed(param: ParameterSpec): fc.Arbitrary<string> {
  let arb = malformedOf.get(param);
  if (arb === undefined) {
    arb = buildMalformed(param);
    malformedOf.set(param, arb);
  }
  return arb;
}

function buildMalformed(param: ParameterSpec): fc.Arbitrary<string> {
  return fc
    .oneof(
      wellFormed(param).map((s) => s.toUpperCase()),
      wellFormed(param).map((s) => s.slice(1)),
      wellFormed(param).map((s) => `${s}0`),
      wellFormed(param).chain((s) =>
        fc
          .nat({ max: s.length - 1 })
          .chain((i) =>
            fc.constantFrom('-', '_', '~', 'G', 'Z', 'é', ' ', '!').map((c) => s.slice(0, i) + c + s.slice(i + 1)),
          ),
      ),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
      fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 60 }),
    )
    .filter((s) => s.length > 0 && s !== '.' && s !== '..' && !/[/\\?#%]/.test(s) && !param.validate(s));
}

/**
 * Accept header values built from the documented media types, wildcards and quality values, with the forms whose
 * reading the spec leaves to the implementation (Content negotiation): equally specific ranges with different q,
 * parameters (also in another letter case, and after the weight), invalid elements and invalid weights (those
 * last three only with `brokenForms`: the Prism mock drops the connection on `Accept: foo`).
 */
export function acceptHeader(media: readonly string[], brokenForms = true): fc.Arbitrary<string | undefined> {
  const params = (m: string) =>
    contentTypeFor(m)
      .split(';')
      .slice(1)
      .map((p) => p.trim());
  const withParams = media.flatMap((m) => params(m).map((p) => `${m};${p}`));
  const ranges = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.constantFrom(
        ...media,
        '*/*',
        ...new Set(media.map((m) => `${m.split('/')[0]}/*`)),
        'image/png',
        'text/html',
        'application/pdf',
      ),
    },
    { weight: 2, arbitrary: withParams.length > 0 ? fc.constantFrom(...withParams) : fc.constantFrom(...media) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        ...media.map((m) => m.toUpperCase()),
        'text/csv;header=PRESENT',
        'text/csv;header=absent',
        'application/json;charset=iso-8859-1',
      ),
    },
    ...(brokenForms
      ? [
          {
            weight: 1,
            arbitrary: fc.constantFrom('foo', 'text/', 'application/json/x', 'application/json;', 'text/csv;header'),
          },
        ]
      : []),
  );
  const q = fc.oneof(
    { weight: 4, arbitrary: fc.constant('') },
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 1000 }).map((n) => `;q=${(n / 1000).toString().slice(0, 5)}`) },
    ...(brokenForms
      ? [{ weight: 1, arbitrary: fc.constantFrom(';q=abc', ';q=1.5', ';q=', ';Q=0.5', ';q=0.5;header=present') }]
      : []),
  );
  const list = fc
    .array(fc.tuple(ranges, q), { minLength: 1, maxLength: 4 })
    .map((xs) => xs.map(([r, w]) => r + w).join(', '));
  return fc.oneof(fc.constant(undefined), fc.constantFrom(...media), list);
}

/** Accept values with which the spec requires 406: no allowed reading leaves a documented type with q > 0. */
export function unacceptableHeader(media: readonly string[]): fc.Arbitrary<string> {
  const others = [
    'image/png',
    'text/html',
    'application/pdf',
    'application/vnd.example+json',
    'audio/*',
    'font/woff2',
    'application/json-seq',
  ];
  const other = fc.constantFrom(...others);
  const excluded = fc.subarray([...media], { minLength: 1 }).map((ms) => ms.map((m) => `${m};q=0`));
  return fc
    .tuple(fc.array(other, { minLength: 0, maxLength: 3 }), excluded, fc.boolean())
    .map(([o, ex, withWild]) => [...o, ...ex, ...(withWild ? ['*/*;q=0'] : [])].join(', '))
    .filter((a) => a.length > 0 && negotiationOf(a, media).types.length === 0);
}

/** HTTP methods Node's parser accepts (so any server can see them), except CONNECT. */
export const knownMethods: readonly string[] = METHODS.filter((m) => m !== 'CONNECT');

/** JSON values of every type, for wrong-type bodies. */
export const anyJson = fc.jsonValue({ maxDepth: 2 });

/** Bounds of an integer schema. */
export function intBounds(schema: JsonSchema): { min: number; max: number } {
  return { min: Number(schema['minimum'] ?? 0), max: Number(schema['maximum'] ?? Number.MAX_SAFE_INTEGER) };
}
