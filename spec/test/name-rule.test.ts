import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSpecDocument, sourceSpecPath } from '../../contract/src/index.js';

/**
 * The KeyName rule, three ways: the `x-code-points` table (the rule as data), the markdown table in the
 * description (the rule for people) and the portable `pattern` (the rule for validators), checked against each
 * other over every code point, in ECMAScript with and without the `u` flag and in Python `re`.
 */

type Range = readonly [first: number, last: number];
interface Table {
  refusedAnywhere: Range[];
  refusedAtEdges: Range[];
}

const doc = readSpecDocument(sourceSpecPath());
const keyName = (doc['components'] as { schemas: Record<string, Record<string, unknown>> }).schemas['KeyName']!;
const pattern = String(keyName['pattern']);
const description = String(keyName['description']);

/** The pattern this rule replaced, kept to prove the accepted set did not change (it needs the `u` flag). */
const PREVIOUS_PATTERN = /^(?!\s)(?!.*\s$)[^\p{Cc}\p{Cs}\p{Zl}\p{Zp}\uFFFE\uFFFF]+$/u;

const MAX_CODE_POINT = 0x10ffff;
const PYTHON_SCRIPT = fileURLToPath(new URL('./fixtures/name-rule.py', import.meta.url));

function codePoint(v: unknown, where: string): number {
  if (typeof v !== 'string' || !/^U\+[0-9A-F]{4,6}$/.test(v))
    throw new Error(`${where}: ${JSON.stringify(v)} is not written U+XXXX`);
  return parseInt(v.slice(2), 16);
}

function ranges(v: unknown, where: string): Range[] {
  if (!Array.isArray(v)) throw new Error(`${where} is not a list`);
  return v.map((r: unknown, i) => {
    if (!Array.isArray(r) || r.length !== 2) throw new Error(`${where}[${i}] is not a [first, last] pair`);
    return [codePoint(r[0], `${where}[${i}][0]`), codePoint(r[1], `${where}[${i}][1]`)] as const;
  });
}

function readTable(): Table {
  const x = keyName['x-code-points'] as Record<string, unknown> | undefined;
  if (x === undefined) throw new Error('KeyName has no x-code-points');
  return {
    refusedAnywhere: ranges(x['refusedAnywhere'], 'refusedAnywhere'),
    refusedAtEdges: ranges(x['refusedAtEdges'], 'refusedAtEdges'),
  };
}

const table = readTable();

/** One flag per code point: refused anywhere, refused at either end. */
function flags(rs: readonly Range[]): Uint8Array {
  const out = new Uint8Array(MAX_CODE_POINT + 1);
  for (const [first, last] of rs) out.fill(1, first, last + 1);
  return out;
}
const anywhere = flags(table.refusedAnywhere);
const atEdges = flags(table.refusedAtEdges);

/** The verdict the table gives a name, reading it as code points (a lone surrogate is one). */
function tableSays(name: string): boolean {
  const cps = Array.from(name, (c) => c.codePointAt(0)!);
  if (cps.length === 0) return false;
  if (cps.some((c) => anywhere[c])) return false;
  return !atEdges[cps[0]!] && !atEdges[cps[cps.length - 1]!];
}

/** The four placements of a code point that every engine is tried on. */
const FORMS = [
  ['alone', (c: string) => c],
  ['middle', (c: string) => `a${c}b`],
  ['start', (c: string) => `${c}b`],
  ['end', (c: string) => `a${c}`],
] as const;

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Names mixing the units that could tell engines apart: lone and paired surrogates (in both orders), edge white
 * space, controls, astral characters, line feeds. Expected verdicts come from the table.
 */
const SAMPLE_UNITS = [
  'a',
  ' ',
  '\u00a0',
  '\ufeff',
  '\u3000',
  '\n',
  '\t',
  '\u0085',
  '\u2028',
  '\ud83d',
  '\ude00',
  '\udbff',
  '\udc00',
  '\u{1f600}',
  '\u{10ffff}',
  '\ufffe',
  '\uffff',
  '\ufffd',
  'é',
];
const samples: string[] = fc.sample(fc.string({ unit: fc.constantFrom(...SAMPLE_UNITS), minLength: 1, maxLength: 6 }), {
  numRuns: 3000,
  seed: 8,
});

describe('the KeyName code-point table', () => {
  it('is well formed: ranges ascending, first <= last, disjoint within and across the two lists', () => {
    for (const list of [table.refusedAnywhere, table.refusedAtEdges]) {
      for (const [i, [first, last]] of list.entries()) {
        expect(first <= last && last <= MAX_CODE_POINT, `${hex(first)}-${hex(last)}`).toBe(true);
        if (i > 0) expect(first > list[i - 1]![1], `${hex(first)} after ${hex(list[i - 1]![1])}`).toBe(true);
      }
    }
    for (let c = 0; c <= MAX_CODE_POINT; c++) if (anywhere[c] && atEdges[c]) expect.fail(`${hex(c)} is in both lists`);
  });

  it('refuses anywhere exactly Cc, Cs, Zl, Zp, U+FFFE and U+FFFF', () => {
    const refused = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\uFFFE\uFFFF]/u;
    for (let c = 0; c <= MAX_CODE_POINT; c++) {
      if (refused.test(String.fromCodePoint(c)) !== Boolean(anywhere[c]))
        expect.fail(`${hex(c)}: table and Unicode categories disagree`);
    }
  });

  it("refuses at the edges exactly what ECMAScript's \\s matches beyond the refused-anywhere rows (= White_Space + U+FEFF)", () => {
    // ECMA-262 CharacterClassEscape `s`: the WhiteSpace and LineTerminator productions (WhiteSpace includes
    // U+FEFF and every Zs), as this Node's Unicode version defines them; checked by brute force, not copied.
    const space = /\s/u;
    const whiteSpace = /[\p{White_Space}\uFEFF]/u;
    for (let c = 0; c <= MAX_CODE_POINT; c++) {
      const ch = String.fromCodePoint(c);
      const edge = Boolean(atEdges[c]);
      if ((space.test(ch) && !anywhere[c]) !== edge) expect.fail(`${hex(c)}: table and \\s disagree`);
      if ((whiteSpace.test(ch) && !anywhere[c]) !== edge) expect.fail(`${hex(c)}: table and White_Space disagree`);
    }
  });
});

describe('the KeyName pattern', () => {
  it('keeps to the portable subset: \\uXXXX escapes only, no look-around, no \\p{…}, no \\s', () => {
    const withoutEscapes = pattern.replace(/\\u[0-9A-F]{4}/g, '');
    expect(withoutEscapes, 'an escape other than \\uXXXX (uppercase hex)').not.toContain('\\');
    expect(withoutEscapes.replace(/\(\?:/g, ''), 'a group other than (?:…)').not.toContain('(?');
    // In `u` mode a \uLEAD\uTRAIL pair of escapes reads as one astral code point (ECMA-262
    // RegExpUnicodeEscapeSequence), without `u` as two units: no such pair may appear.
    expect(pattern).not.toMatch(/\\uD[89AB][0-9A-F]{2}\\uD[C-F][0-9A-F]{2}/);
    expect(() => new RegExp(pattern, 'u')).not.toThrow();
    expect(() => new RegExp(pattern)).not.toThrow();
  });

  it('agrees with the table and the previous pattern for every code point, with and without the u flag', () => {
    // Without `u` an astral character is two UTF-16 units: the pattern's surrogate-pair branch must match it,
    // and a lone surrogate must still fail.
    const engines = [
      ['u flag', new RegExp(pattern, 'u')],
      ['no u flag', new RegExp(pattern)],
      ['previous pattern', PREVIOUS_PATTERN],
    ] as const;
    const mismatches: string[] = [];
    for (let c = 0; c <= MAX_CODE_POINT; c++) {
      const ch = String.fromCodePoint(c);
      for (const [form, make] of FORMS) {
        const name = make(ch);
        const want = tableSays(name);
        for (const [engine, re] of engines) {
          if (re.test(name) !== want && mismatches.length < 20)
            mismatches.push(`${engine}, ${hex(c)} ${form}: expected ${want}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('agrees on mixed names: surrogate pairs and lone halves in either order, edge spaces, controls', () => {
    expect(samples.length).toBeGreaterThan(1000);
    const u = new RegExp(pattern, 'u');
    const noU = new RegExp(pattern);
    for (const name of samples) {
      const want = tableSays(name);
      expect({ name, u: u.test(name), noU: noU.test(name), previous: PREVIOUS_PATTERN.test(name) }).toEqual({
        name,
        u: want,
        noU: want,
        previous: want,
      });
    }
  });

  it('reads the same in Python re (re.fullmatch), over every code point and the mixed names', () => {
    const input = JSON.stringify({
      pattern,
      refusedAnywhere: table.refusedAnywhere,
      refusedAtEdges: table.refusedAtEdges,
      // JSON.stringify writes lone surrogates as \uXXXX escapes, which Python's json reads back as str code points.
      samples: samples.map((s) => [s, tableSays(s)]),
    });
    const run = spawnSync('python3', [PYTHON_SCRIPT], {
      input,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
      timeout: 120_000,
    });
    if (run.error)
      throw new Error(`cannot run python3 (needed to check the KeyName pattern in Python re): ${run.error.message}`);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as {
      checked: number;
      fullmatch: unknown[];
      fullmatchCount: number;
      search: { form: string; codePoint: number }[];
      searchCount: number;
    };
    expect(out.checked).toBe((MAX_CODE_POINT + 1) * FORMS.length + samples.length);
    expect(out.fullmatch).toEqual([]);
    expect(out.fullmatchCount).toBe(0);
    // re.search differs exactly where Python's `$` matches before a final line feed (the description's porting
    // note): a valid name followed by U+000A.
    const explained = (m: { form: string; codePoint: number }) => {
      if (m.form === 'end') return m.codePoint === 0x0a;
      if (m.form !== 'sample') return false;
      const name = samples[m.codePoint]!;
      return name.endsWith('\n') && tableSays(name.slice(0, -1));
    };
    expect(out.searchCount).toBe(out.search.length);
    expect(out.search.filter((m) => !explained(m))).toEqual([]);
    expect(out.search).toContainEqual(expect.objectContaining({ form: 'end', codePoint: 0x0a }));
  }, 120_000);
});

describe('the KeyName description', () => {
  it('lists in its markdown table exactly the ranges of x-code-points', () => {
    const rows = description.split('\n').filter((l) => l.startsWith('| U+'));
    const parsed = rows.map((row) => {
      const m = /^\| (U\+[0-9A-F]{4,6}) \| (U\+[0-9A-F]{4,6}) \| (anywhere|at either end) \| [^|]+ \|$/.exec(row);
      if (!m) throw new Error(`table row not understood: ${row}`);
      return { where: m[3]!, range: [codePoint(m[1], row), codePoint(m[2], row)] as const };
    });
    const of = (where: string) => parsed.filter((p) => p.where === where).map((p) => p.range);
    expect(of('anywhere')).toEqual(table.refusedAnywhere);
    expect(of('at either end')).toEqual(table.refusedAtEdges);
  });

  it('says how to port the pattern', () => {
    expect(description).toContain('x-code-points');
    expect(description).toContain('\\x{XXXX}');
    expect(description).toContain('re.fullmatch');
  });
});
