import { createKey } from '../key-client.js';
import { sweep } from './sweep.js';
import type { Check, Violation } from '../types.js';

/**
 * The directive names of a Cache-Control field value (RFC 9111 §5.2), lower case (names are compared
 * case-insensitively). The value is a comma-separated list of `token [ "=" ( token / quoted-string ) ]`; several field
 * lines are one list (RFC 9110 §5.3, the HTTP client joins them with ", "). A comma or a directive name inside a
 * quoted-string is argument text, not a directive: `no-cache="no-store"` does not say no-store.
 */
export function cacheControlDirectives(value: string | undefined): string[] {
  const out: string[] = [];
  if (value === undefined) return out;
  let i = 0;
  while (i < value.length) {
    // One list element: up to the next comma outside a quoted-string.
    let name = '';
    let inName = true;
    for (; i < value.length && value[i] !== ','; i++) {
      const c = value[i]!;
      if (c === '"') {
        inName = false;
        // Skip the quoted-string, quoted-pairs included (RFC 9110 §5.6.4).
        for (i++; i < value.length && value[i] !== '"'; i++) if (value[i] === '\\') i++;
      } else if (c === '=') inName = false;
      else if (inName) name += c;
    }
    i++;
    const n = name.trim().toLowerCase();
    if (n.length > 0) out.push(n);
  }
  return out;
}

/**
 * Every response that carries a whole created key says Cache-Control: no-store (spec: CacheControlNoStore, "The
 * body carries a secret, so no cache may store it"; RFC 9111 §5.2.2.5). The 201 is the one response that may carry a
 * key; any other response that does, or that carries part of one, is a leak key-once-only reports. Only whole copies
 * count here: a 12-character run of hex can occur by chance in an id or a traceId, and a chance match must not demand
 * a header the spec does not ask of that response.
 */
export const noStore: Check = {
  id: 'no-store',
  title: 'Cache-Control: no-store on every response that carries a secret',
  rule: '#/components/headers/CacheControlNoStore',
  profiles: ['full', 'stateless'],
  endpointUse: 'shared',
  reviewsRun: true,
  async run(ctx): Promise<Violation[]> {
    const { api } = ctx;
    await sweep(ctx);
    await Promise.all(
      [undefined, ...api.successMedia(api.create)].map((media) => createKey(ctx, 'conformance no-store', media)),
    );
    const out: Violation[] = [];
    let carrying = 0;
    const tracked = ctx.secrets.all();
    for (const ex of ctx.exchanges()) {
      if (ex.status === 0) continue;
      if (!ctx.secrets.find(ex.body).some((m) => m.length === tracked[m.secret - 1]!.value.length)) continue;
      carrying++;
      if (!cacheControlDirectives(ex.headers['cache-control']).includes('no-store')) {
        out.push(
          ctx.violation(
            `${ex.operationId ?? ex.method} ${ex.status} (${ex.headers['content-type'] ?? 'no Content-Type'}) carries a secret with Cache-Control ${JSON.stringify(ex.headers['cache-control'] ?? '(missing)')}`,
            ex,
          ),
        );
        if (out.length >= 10) break;
      }
    }
    ctx.note(`${carrying} responses carrying a secret checked`);
    if (carrying === 0) out.push({ message: 'no response carried a secret: the create responses could not be read' });
    return out;
  },
};
