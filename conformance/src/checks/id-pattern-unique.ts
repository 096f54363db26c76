import fc from 'fast-check';
import { expectStatus, expectThat } from '../expect.js';
import { entitiesOf } from '../exchange.js';
import { createKey } from '../key-client.js';
import { expectedSuccess } from '../statuses.js';
import type { Check, Violation } from '../types.js';

/**
 * Every created key's id matches the key path parameter's schema, is unique across all creations of the run, and the
 * Location header points at the read route for it (RFC 9110 §10.2.2, resolved against the request URL).
 */
export const idPatternUnique: Check = {
  id: 'id-pattern-unique',
  title: 'Created ids match the spec pattern, are unique, and Location names them',
  rule: '#/components/schemas/ObjectId',
  profiles: ['full'],
  endpointUse: 'shared',
  // Ids are unique across the creations of the checks before it.
  reviewsRun: true,
  async run(ctx): Promise<Violation[]> {
    const { api, http } = ctx;
    const out: Violation[] = [];
    const v = await ctx.property('created id', fc.constantFrom(...api.successMedia(api.create)), async (accept) => {
      const { ex, key } = await createKey(ctx, 'conformance id-pattern-unique', accept);
      expectStatus(ex, expectedSuccess(api.create), `create (${accept})`);
      const id = key?.[api.idField];
      expectThat(
        typeof id === 'string' && api.keyParam.validate(id),
        `create (${accept}): ${api.idField} ${JSON.stringify(id)} does not match the ${api.keyParam.name} schema`,
        ex,
      );
      const location = ex.headers['location'];
      const expected = normalisedUrl(http.url(api.itemPath(ctx.endpointId, id)));
      let resolved: string | undefined;
      try {
        resolved = location === undefined ? undefined : normalisedUrl(new URL(location, ex.url).href);
      } catch {
        resolved = undefined;
      }
      expectThat(
        resolved === expected,
        `create (${accept}): Location ${JSON.stringify(location)} resolves to ${resolved}, expected ${expected}`,
        ex,
      );
    });
    if (v) out.push(v);
    // Uniqueness over every creation of the run so far (other checks' included).
    const firstSeen = new Map<string, number>();
    const dupes = new Map<string, { ex: import('../exchange.js').Exchange; seqs: number[] }>();
    for (const ex of ctx.exchanges()) {
      if (ex.operationId !== api.create.operationId || ex.status >= 300 || ex.status < 200) continue;
      for (const e of entitiesOf(ex).slice(0, 1)) {
        const id = e[api.idField];
        if (typeof id !== 'string') continue;
        const prev = firstSeen.get(id);
        if (prev === undefined) firstSeen.set(id, ex.seq);
        else {
          const d = dupes.get(id) ?? { ex, seqs: [prev] };
          d.seqs.push(ex.seq);
          dupes.set(id, d);
        }
      }
    }
    for (const [id, d] of dupes)
      out.push(
        ctx.violation(
          `${api.idField} ${id} was returned by ${d.seqs.length} creations (exchanges ${d.seqs.slice(0, 5).join(', ')}${d.seqs.length > 5 ? ', …' : ''})`,
          d.ex,
        ),
      );
    ctx.note(`${firstSeen.size} created ids checked for uniqueness`);
    return out.slice(0, 20);
  },
};

/**
 * A URL in RFC 3986 §6.2.2 normal form as far as WHATWG URL parsing leaves it open: percent-encoded unreserved
 * characters decoded (§6.2.2.2) and the hex digits of the other percent-encodings in upper case (§6.2.2.1). Scheme and
 * host case, default ports and dot segments are already normalised by the URL parser.
 */
export function normalisedUrl(href: string): string {
  return href.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : `%${hex.toUpperCase()}`;
  });
}
