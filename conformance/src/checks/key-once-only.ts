import { entitiesOf, type Exchange } from '../http-client.js';
import { createKey, deleteKey, listPage, readKey } from '../key-client.js';
import { SecretTracker } from '../secret-tracker.js';
import { sweep } from '../sweep.js';
import type { Check, Violation } from '../types.js';

/**
 * The once-only secret: after the create response that carries it, a key (or any run of 12 or more of its
 * characters, in any letter case) appears in no response body of any route or media type, and in no header of any
 * response, the create response's own headers (Location) included. The check first drives every route and media type
 * with live and revoked keys and provokes errors (and the run's sweep of every documented response, a near miss of the
 * API key included), then searches every exchange of the run. Whole copies in the usual
 * encodings (base64 and base64url of the key's text, and of its bytes when it is hex) count as copies too.
 */
export const keyOnceOnly: Check = {
  id: 'key-once-only',
  title: 'The plaintext key, or any 12 of its characters, appears in no other response or header',
  rule: '#/components/schemas/ApiKeyPlaintext/x-secret',
  profiles: ['full'],
  async run(ctx): Promise<Violation[]> {
    const { api, contract } = ctx;
    // Every documented response, errors included (a 401 to a near miss of the API key), whatever checks run.
    await sweep(ctx);
    const media = api.successMedia(api.create);
    const made = await Promise.all(media.map((m) => createKey(ctx, 'conformance key-once-only', m)));
    const ids = made.map((m) => m.key?.[api.idField]).filter((id): id is string => typeof id === 'string');
    for (const id of ids) {
      for (const m of api.successMedia(api.read)) await readKey(ctx, id, m);
      await readKey(ctx, id, 'image/png');
    }
    for (const m of api.successMedia(api.list)) await listPage(ctx, {}, m);
    await ctx.request({ method: api.create.method, path: api.collectionPath(ctx.endpointId), headers: { 'content-type': api.requestMediaType }, body: '{', operation: api.create });
    for (const id of ids) {
      await deleteKey(ctx, id);
      await readKey(ctx, id);
      await deleteKey(ctx, id);
    }

    const out: Violation[] = [];
    const grouped = new Map<string, { ex: Exchange; count: number; message: string }>();
    const own = (ex: Exchange): Set<number> => {
      const s = new Set<number>();
      if (ex.operationId !== api.create.operationId || ex.status < 200 || ex.status >= 300) return s;
      for (const e of entitiesOf(ex).slice(0, 1)) {
        for (const f of contract.secretFields) {
            const n = typeof e[f] === 'string' ? ctx.secrets.numberOf(e[f] as string) : undefined;
          // Only the response that first carried a key may carry it: a later create returning it again is a leak.
          if (n !== undefined && ctx.secrets.all()[n - 1]!.seq === ex.seq) s.add(n);
        }
      }
      return s;
    };
    const leak = (ex: Exchange, where: string, secret: number, length: number) => {
      const full = ctx.secrets.all()[secret - 1]!.value.length === length;
      const k = `${ex.operationId ?? ex.method} ${ex.status} ${where}`;
      const prev = grouped.get(k);
      if (prev) prev.count++;
      else grouped.set(k, { ex, count: 1, message: `${ex.operationId ?? ex.method} ${ex.status} (${ex.headers['content-type'] ?? 'no Content-Type'}) shows ${full ? 'a created key' : `${length} characters of a created key`} in ${where}` });
    };
    // The run's API key is a secret too: no response may echo it, or 12 characters of it (a 401 that quotes the
    // X-API-Key it was sent leaks the near misses auth-wrong-key sends, which share all but one character).
    const apiKeyTracker = new SecretTracker(ctx.secrets.minRun);
    if (ctx.http.apiKey.length >= ctx.secrets.minRun) apiKeyTracker.add(ctx.http.apiKey, 0);
    const apiKeyLeaks = new Map<string, { ex: Exchange; count: number }>();
    for (const ex of ctx.exchanges()) {
      if (ex.status === 0) continue;
      for (const [where, text] of [...Object.entries(ex.headers).map(([n, v]) => [`header ${n}`, v] as const), ['the body', ex.body] as const]) {
        if (apiKeyTracker.find(text).length === 0) continue;
        const k = `${ex.operationId ?? ex.method} ${ex.status} ${where}`;
        const prev = apiKeyLeaks.get(k);
        if (prev) prev.count++;
        else apiKeyLeaks.set(k, { ex, count: 1 });
      }
    }
    for (const [k, { ex, count }] of apiKeyLeaks) {
      out.push(ctx.violation(`${k} shows the ${ctx.contract.apiKeyHeader} value (or 12+ characters of it)${count > 1 ? ` (${count} responses)` : ''}`, ex));
    }
    const encoded = encodedCopies(ctx.secrets.all().map((t) => t.value));
    for (const ex of ctx.exchanges()) {
      if (ex.status === 0) continue;
      for (const [where, text] of [...Object.entries(ex.headers).map(([n, v]) => [`header ${n}`, v] as const), ['the body', ex.body] as const]) {
        for (const m of encoded.tracker.find(text)) {
          if (m.length < encoded.lengths[m.secret - 1]!) continue; // only whole encoded copies: partial base64 runs are noise
          const k = `${ex.operationId ?? ex.method} ${ex.status} ${where} encoded`;
          const prev = grouped.get(k);
          if (prev) prev.count++;
          else grouped.set(k, { ex, count: 1, message: `${ex.operationId ?? ex.method} ${ex.status} shows a created key, ${encoded.names[m.secret - 1]}, in ${where}` });
        }
      }
      const allowed = own(ex);
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
    for (const { ex, count, message } of grouped.values()) out.push(ctx.violation(count > 1 ? `${message} (${count} responses)` : message, ex));
    ctx.note(`${ctx.secrets.size} keys tracked across ${ctx.exchanges().length} responses`);
    if (ctx.secrets.size === 0) out.push({ message: 'no create response carried a key: there was no created key to search the run for' });
    return out;
  },
};

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
  // 16 characters: shorter runs of base64 text occur by chance in long bodies.
  const tracker = new SecretTracker(16);
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
