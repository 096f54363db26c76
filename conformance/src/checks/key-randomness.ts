import { entitiesOf } from '../exchange.js';
import { createKey } from '../key-client.js';
import { binomialLowerTail, binomialUpperTail, commonPrefix } from '../stats.js';
import type { Check, CheckContext, Violation } from '../types.js';

/** Keys the test looks at: every key the run created, topped up to this many by the check itself. */
const SAMPLE = 256;
/** False-alarm budget of the whole check per run, split evenly over its four tests (Bonferroni). */
const ALPHA = 1e-6;

/** The characters a secret field's schema admits, found by asking its validator (one character repeated). */
function alphabetOf(validate: (v: unknown) => boolean, length: number): string[] {
  const out: string[] = [];
  for (let c = 0x21; c < 0x7f; c++)
    if (validate(String.fromCharCode(c).repeat(length))) out.push(String.fromCharCode(c));
  return out;
}

/**
 * The keys look like independent uniform draws from the alphabet their schema allows. Each statistic is compared with
 * a threshold whose false-alarm probability under that null hypothesis is at most ALPHA/4, so a conforming server
 * fails this check with probability below ALPHA = 1e-6 per run:
 *  1. duplicates: with 64 hex characters, P(any collision among n keys) <= C(n,2)·16^-64 (negligible); any is a fault.
 *  2. shared prefixes: P(two keys share >= L leading characters) = a^-L for an alphabet of a; union over the C(n,2)
 *     pairs gives P(max LCP >= L) <= C(n,2)·a^-L, so L = ceil(log_a(C(n,2)/(ALPHA/4))) (n = 256, a = 16: C(n,2) = 32640, L = ceil(9.28) = 10).
 *     The longest common prefix over all pairs is the longest between neighbours once sorted.
 *  3. shared suffixes: the same on reversed keys.
 *  4. skewed characters: each (position, character) count is Binomial(n, 1/a), and the count of each character over
 *     all positions is Binomial(n·len, 1/a). Exact binomial tails, both sides, Bonferroni over the
 *     2·a·(len + 1) counts: flag a count whose tail probability is below ALPHA/4 / (2·a·(len + 1)). Catches fixed
 *     prefixes, counters, timestamps, and generators that never emit some digit.
 */
export const keyRandomness: Check = {
  id: 'key-randomness',
  title: 'Keys are unique and show no shared structure (prefixes, suffixes, skewed characters)',
  rule: '#/components/schemas/ApiKeyPlaintext',
  profiles: ['full'],
  endpointUse: 'shared',
  // Its sample is every key the checks before it created.
  reviewsRun: true,
  async run(ctx): Promise<Violation[]> {
    const { contract, api } = ctx;
    const out: Violation[] = [];
    const created = api.successResponse(api.create).content[0]!;
    const props = (contract.deref<Record<string, unknown>>(created.resolvedSchema)['properties'] ?? {}) as Record<
      string,
      Record<string, unknown>
    >;
    for (const field of contract.secretFields) {
      const schema = contract.deref<Record<string, unknown>>(props[field] ?? {});
      const len = Number(schema['minLength'] ?? 0);
      if (!len || schema['maxLength'] !== schema['minLength']) {
        ctx.note(`${field}: no fixed length in its schema; structure tests skipped`);
        continue;
      }
      const validate = contract.compile(props[field] ?? {});
      const alphabet = alphabetOf((v) => validate(v), len);
      if (alphabet.length < 2) {
        ctx.note(`${field}: alphabet could not be derived from its schema; structure tests skipped`);
        continue;
      }
      const keys = await sampleOf(ctx, field, len);
      testKeys(ctx, { field, len, alphabet, keys }, out);
    }
    return out.slice(0, 20);
  },
};

/**
 * Every value of `field` a create response carried (duplicates included, not the tracker's de-duplicated set), topped
 * up to {@link SAMPLE} by creating keys.
 */
async function sampleOf(ctx: CheckContext, field: string, len: number): Promise<string[]> {
  const { api } = ctx;
  const values = () =>
    ctx
      .exchanges()
      .filter((ex) => ex.operationId === api.create.operationId && ex.status >= 200 && ex.status < 300)
      .map((ex) => entitiesOf(ex)[0]?.[field])
      .filter((v): v is string => typeof v === 'string' && v.length === len);
  const missing = SAMPLE - values().length;
  for (let i = 0; i < missing; i += 16) {
    await Promise.all(
      Array.from({ length: Math.min(16, missing - i) }, () => createKey(ctx, 'conformance key-randomness')),
    );
  }
  return values();
}

/** The keys of one secret field, its fixed length and the alphabet its schema admits. */
interface Sample {
  field: string;
  len: number;
  alphabet: string[];
  keys: string[];
}

/** The four tests on one field's keys; violations are added to `out` (the check reports at most 20). */
function testKeys(ctx: CheckContext, sample: Sample, out: Violation[]): void {
  const { field, alphabet, keys } = sample;
  const n = keys.length;
  const a = alphabet.length;
  const pairs = (n * (n - 1)) / 2;
  const per = ALPHA / 4;
  const distinct = new Set(keys).size;
  if (distinct !== n)
    out.push({ message: `${field}: ${n - distinct} duplicate values among ${n} keys (${distinct} distinct)` });
  if (distinct < 2) return;
  const maxLcp = Math.ceil(Math.log(pairs / per) / Math.log(a));
  for (const [label, list] of [
    ['prefix', [...keys].sort()],
    ['suffix', keys.map((k) => [...k].reverse().join('')).sort()],
  ] as const) {
    let worst = 0;
    for (let i = 1; i < list.length; i++) worst = Math.max(worst, commonPrefix(list[i - 1]!, list[i]!));
    if (worst >= maxLcp)
      out.push({
        message: `${field}: two of ${n} keys share a ${worst}-character ${label}; chance allows < ${maxLcp} (P <= ${per})`,
      });
  }
  const cut = skewedCharacters(sample, per, out);
  ctx.note(
    `${field}: ${n} keys, alphabet of ${a}; LCP threshold ${maxLcp}; per-count tail cut ${cut.toExponential(2)}`,
  );
}

/** Test 4: characters outside the alphabet, and skewed character counts overall and per position. Returns the cut. */
function skewedCharacters({ field, len, alphabet, keys }: Sample, per: number, out: Violation[]): number {
  const n = keys.length;
  const a = alphabet.length;
  const tests = 2 * a * (len + 1);
  const cut = per / tests;
  const p = 1 / a;
  const flag = (count: number, trials: number, where: string, ch: string) => {
    const hi = binomialUpperTail(trials, count, p);
    const lo = binomialLowerTail(trials, count, p);
    if (hi < cut || lo < cut) {
      out.push({
        message: `${field}: character ${JSON.stringify(ch)} appears ${count} times ${where} of ${trials} (expected ${(trials * p).toFixed(1)}; tail probability ${Math.min(hi, lo).toExponential(2)} < ${cut.toExponential(2)})`,
      });
    }
  };
  const outside = keys.flatMap((k) => [...k].filter((c) => !alphabet.includes(c)));
  if (outside.length > 0) out.push({ message: `${field}: ${outside.length} characters outside the schema's alphabet` });
  for (const ch of alphabet)
    flag(
      keys.reduce((s, k) => s + [...k].filter((c) => c === ch).length, 0),
      n * len,
      'over all positions',
      ch,
    );
  for (let pos = 0; pos < len && out.length < 20; pos++) {
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(k[pos]!, (counts.get(k[pos]!) ?? 0) + 1);
    for (const ch of alphabet) flag(counts.get(ch) ?? 0, n, `at position ${pos}`, ch);
  }
  return cut;
}
