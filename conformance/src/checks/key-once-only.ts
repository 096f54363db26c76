import { entitiesOf, type Exchange } from '../exchange.js';
import { createKey, deleteKey, listPage, readKey } from '../key-client.js';
import { foldAscii, SecretTracker } from '../secret-tracker.js';
import { sweep } from './sweep.js';
import type { Check, CheckContext, Violation } from '../types.js';
import { Findings } from './support/findings.js';

/**
 * The once-only secret: after the create response that carries it, a key (or any run of 12 or more of its
 * characters, in any letter case) appears in no response body of any route or media type, and in no header of any
 * response, the create response's own headers (Location) included. The check first drives every route and media type
 * with live and revoked keys and provokes errors (and the run's sweep of every documented response, a near miss of the
 * API key included), then searches every exchange of the run. Whole copies in the usual
 * encodings (base64 and base64url of the key's text, and of its bytes when it is hex) count as copies too.
 *
 * Why 12: the spec forbids any part of a key beyond the preview (#/info/description, "The central promise"), but a
 * short run of hex characters also turns up by chance in other random text (a 24-character `_id`, a 32-character
 * `traceId`, an ETag). Keys are random (#/components/schemas/ApiKeyPlaintext), so a fixed window of L characters
 * equals a given L-character run of a key with probability A^-L (A the keys' alphabet: 16). Over W windows of L
 * key-alphabet characters in the responses (each distinct header value or body counted once) and G runs of L
 * characters in all keys, the expected number of chance matches is at most W · G · A^-L. A full run against the
 * reference server at the default 100 runs (about 4,200 responses, 575 keys) gives W ≈ 1.8·10^5 and G ≈ 3·10^4 at
 * L = 12, so about 2·10^-5 chance matches (one `_id`, 13 windows, against one key: 13 · 53 · 16^-12 ≈ 2.4·10^-12); at
 * 1,000 runs it is about 5·10^-4. The check computes the bound for the run it judges and counts a partial copy only
 * from the shortest length L ≥ 12 that keeps it within {@link CHANCE_BUDGET}: 12 at the default runs, 13 at 1,000. Its
 * note gives both. Whole copies always count.
 *
 * The run's `X-API-Key` value: the spec says a problem's `detail` never contains "a key or an X-API-Key value"
 * (#/components/schemas/Problem/properties/detail), so that is where it is looked for: the value sent with that
 * request (12 characters or more, so a short wrong key is not "found" in ordinary words), or the run's API key.
 */
export const keyOnceOnly: Check = {
  id: 'key-once-only',
  title: 'The plaintext key, or any 12 of its characters, appears in no other response or header',
  rule: '#/components/schemas/ApiKeyPlaintext/x-secret',
  profiles: ['full'],
  endpointUse: 'shared',
  reviewsRun: true,
  async run(ctx): Promise<Violation[]> {
    await driveEveryRoute(ctx);
    const out = apiKeyInDetail(ctx);
    const threshold = partialCopyThreshold(
      ctx.secrets.all().map((t) => t.value),
      ctx.exchanges().flatMap((ex) => (ex.status === 0 ? [] : [...Object.values(ex.headers), ex.body])),
      ctx.secrets.minRun,
    );
    out.push(...keyCopies(ctx, threshold.length));
    ctx.note(
      `${ctx.secrets.size} keys tracked across ${ctx.exchanges().length} responses; partial copies counted from ${threshold.length} characters ` +
        `(expected chance matches at ${ctx.secrets.minRun}: ${threshold.atMinRun.toPrecision(2)}, budget ${CHANCE_BUDGET})`,
    );
    if (ctx.secrets.size === 0)
      out.push({ message: 'no create response carried a key: there was no created key to search the run for' });
    return out;
  },
};

/**
 * Every route and media type with live and revoked keys, and errors provoked: every documented response, errors
 * included (a 401 to a near miss of the API key), whatever checks run.
 */
async function driveEveryRoute(ctx: CheckContext): Promise<void> {
  const { api } = ctx;
  await sweep(ctx);
  const media = api.successMedia(api.create);
  const made = await Promise.all(media.map((m) => createKey(ctx, 'conformance key-once-only', m)));
  const ids = made.map((m) => m.key?.[api.idField]).filter((id): id is string => typeof id === 'string');
  // Independent requests go together (the run's concurrency bounds them); each key's revoke, read, revoke in order.
  await Promise.all([
    ...ids.flatMap((id) => [...api.successMedia(api.read), 'image/png'].map((m) => readKey(ctx, id, m))),
    ...api.successMedia(api.list).map((m) => listPage(ctx, {}, m)),
    ctx.request({
      method: api.create.method,
      path: api.collectionPath(ctx.endpointId),
      headers: { 'content-type': api.requestMediaType },
      body: '{',
      operation: api.create,
    }),
  ]);
  await Promise.all(
    ids.map(async (id) => {
      await deleteKey(ctx, id);
      await readKey(ctx, id);
      await deleteKey(ctx, id);
    }),
  );
}

/**
 * An X-API-Key value in a problem's detail (the 401 that quotes the key it was sent leaks the near misses
 * auth-wrong-key and the sweep send, which share all but one character with the run's key).
 */
function apiKeyInDetail(ctx: CheckContext): Violation[] {
  const { contract } = ctx;
  const header = contract.apiKeyHeader.toLowerCase();
  const found = new Findings();
  for (const ex of ctx.exchanges()) {
    const d = ex.check?.decoded;
    if (ex.status === 0 || ex.check?.mediaType !== 'application/problem+json' || d?.representation !== 'json') continue;
    const detail = (d.value as Record<string, unknown> | null)?.['detail'];
    if (typeof detail !== 'string') continue;
    const sent = ex.requestHeaders[header];
    const values = [ctx.http.apiKey, ...(sent !== undefined ? [sent] : [])].filter(
      (v) => v.length >= ctx.secrets.minRun,
    );
    if (!values.some((v) => foldAscii(detail).includes(foldAscii(v)))) continue;
    const k = `${ex.operationId ?? ex.method} ${ex.status}`;
    found.add(k, ex, `${k}: the problem's detail shows the ${contract.apiKeyHeader} value it was sent`);
  }
  return found.violations(ctx);
}

/**
 * Copies of a created key in any response of the run: whole copies in the usual encodings, and runs of its
 * characters (of `minLength` or more, or the whole key) in headers and bodies, other than the create response's own.
 */
function keyCopies(ctx: CheckContext, minLength: number): Violation[] {
  const found = new Findings();
  const encoded = encodedCopies(ctx.secrets.all().map((t) => t.value));
  const leak = (ex: Exchange, where: string, secret: number, length: number) => {
    const full = ctx.secrets.all()[secret - 1]!.value.length === length;
    if (!full && length < minLength) return; // as likely chance as a copy (see above)
    found.add(
      `${ex.operationId ?? ex.method} ${ex.status} ${where}`,
      ex,
      `${ex.operationId ?? ex.method} ${ex.status} (${ex.headers['content-type'] ?? 'no Content-Type'}) shows ${full ? 'a created key' : `${length} characters of a created key`} in ${where}`,
    );
  };
  for (const ex of ctx.exchanges()) {
    if (ex.status === 0) continue;
    for (const [where, text] of [
      ...Object.entries(ex.headers).map(([n, v]) => [`header ${n}`, v] as const),
      ['the body', ex.body] as const,
    ]) {
      for (const m of encoded.tracker.find(text)) {
        if (m.length < encoded.lengths[m.secret - 1]!) continue; // only whole encoded copies: partial base64 runs are noise
        found.add(
          `${ex.operationId ?? ex.method} ${ex.status} ${where} encoded`,
          ex,
          `${ex.operationId ?? ex.method} ${ex.status} shows a created key, ${encoded.names[m.secret - 1]}, in ${where}`,
        );
      }
    }
    const allowed = ownKeys(ctx, ex);
    // SecretTracker matching ignores letter case: an upper-cased copy is a copy.
    for (const [name, value] of Object.entries(ex.headers)) {
      for (const m of ctx.secrets.find(value)) leak(ex, `header ${name}`, m.secret, m.length);
    }
    const seen = new Set<number>();
    for (const m of ctx.secrets.find(ex.body)) {
      const full = ctx.secrets.all()[m.secret - 1]!.value.length === m.length;
      // The create response carries its own key once, in its secret field.
      if (allowed.has(m.secret) && full && m.exact && !seen.has(m.secret)) {
        seen.add(m.secret);
        continue;
      }
      leak(ex, 'the body', m.secret, m.length);
    }
  }
  return found.violations(ctx);
}

/** The keys (tracker numbers) a create response may carry: the ones it first carried, in its secret fields. */
function ownKeys(ctx: CheckContext, ex: Exchange): Set<number> {
  const { api, contract } = ctx;
  const s = new Set<number>();
  if (ex.operationId !== api.create.operationId || ex.status < 200 || ex.status >= 300) return s;
  for (const e of entitiesOf(ex).slice(0, 1)) {
    for (const f of contract.secretFields) {
      const value = e[f];
      const n = typeof value === 'string' ? ctx.secrets.numberOf(value) : undefined;
      // Only the response that first carried a key may carry it: a later create returning it again is a leak.
      if (n !== undefined && ctx.secrets.all()[n - 1]!.seq === ex.seq) s.add(n);
    }
  }
  return s;
}

/** Every secret's whole copies in base64 and base64url, of its text and (for hex secrets) of its bytes. */
function encodedCopies(secrets: readonly string[]): { tracker: SecretTracker; lengths: number[]; names: string[] } {
  const variants: { value: string; name: string }[] = [];
  for (const secret of secrets) {
    const forms: [Buffer, string][] = [[Buffer.from(secret, 'utf8'), 'of its text']];
    if (/^(?:[0-9a-fA-F]{2})+$/.test(secret)) forms.push([Buffer.from(secret, 'hex'), 'of its bytes']);
    for (const [bytes, of] of forms) {
      variants.push({ value: bytes.toString('base64').replace(/=+$/, ''), name: `base64-encoded (${of})` });
      variants.push({ value: bytes.toString('base64url'), name: `base64url-encoded (${of})` });
    }
  }
  // Only whole copies count, so a run shorter than the shortest encoded form is never one (and at least 16
  // characters: shorter runs of base64 text occur by chance in long bodies). The longer the run searched for, the
  // fewer windows of a body qualify, which keeps this search cheap.
  const shortest = variants.reduce((n, v) => Math.min(n, v.value.length), Number.MAX_SAFE_INTEGER);
  const tracker = new SecretTracker(variants.length > 0 ? Math.max(16, shortest) : 16);
  const lengths: number[] = [];
  const names: string[] = [];
  for (const v of variants) {
    const n = tracker.add(v.value, 0);
    if (n === lengths.length + 1) {
      lengths.push(v.value.length);
      names.push(v.name);
    }
  }
  return { tracker, lengths, names };
}

/** Expected chance matches per run the partial-copy rule tolerates: a false alarm in at most one run in 10,000. */
export const CHANCE_BUDGET = 1e-4;

/**
 * The shortest run of a secret's characters (at least `minRun`) that counts as a partial copy in this traffic: the
 * expected number of chance matches, W · G · A^-L (see {@link keyOnceOnly}), within {@link CHANCE_BUDGET}. W counts the
 * L-character windows of the distinct texts made only of characters of the secrets' alphabet (ASCII case folded, as
 * the search is; repeated windows counted each time, so an upper bound), G the L-character runs of the secrets, A the
 * size of that alphabet. `atMinRun` is the bound at `minRun`.
 */
export function partialCopyThreshold(
  secrets: readonly string[],
  texts: Iterable<string>,
  minRun: number,
): { length: number; atMinRun: number } {
  const folded = secrets.map(foldAscii);
  const alphabet = new Set(folded.join(''));
  const longest = folded.reduce((n, s) => Math.max(n, s.length), 0);
  if (alphabet.size === 0 || longest <= minRun) return { length: minRun, atMinRun: 0 };
  // Lengths of the maximal runs of alphabet characters in the distinct texts.
  const runs: number[] = [];
  for (const text of new Set(texts)) {
    let run = 0;
    for (const c of foldAscii(text)) {
      if (alphabet.has(c)) run++;
      else if (run > 0) {
        runs.push(run);
        run = 0;
      }
    }
    if (run > 0) runs.push(run);
  }
  const bound = (L: number) => {
    const windows = runs.reduce((n, r) => n + Math.max(0, r - L + 1), 0);
    const grams = folded.reduce((n, s) => n + Math.max(0, s.length - L + 1), 0);
    return windows * grams * alphabet.size ** -L;
  };
  const atMinRun = bound(minRun);
  for (let L = minRun; L < longest; L++) if (bound(L) <= CHANCE_BUDGET) return { length: L, atMinRun };
  return { length: longest, atMinRun };
}
