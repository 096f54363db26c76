import fc from 'fast-check';
import { knownMethods, malformed, wellFormed } from '../arbitraries.js';
import { expectThat } from '../expect.js';
import { sweep } from './sweep.js';
import { STATUS } from '../statuses.js';
import type { Check, Violation } from '../types.js';

/**
 * No input makes the server fail: random methods, paths, query strings, headers and bodies never get a 5xx or a dropped
 * connection, and no response of the whole run was one. The spec's `default` response documents the shape of a 5xx
 * only; a conforming server is never observed sending it.
 */
export const never5xx: Check = {
  id: 'never-5xx',
  title: 'No request, valid or not, gets a 5xx or a dropped connection',
  rule: '#/components/responses/UnexpectedError',
  profiles: ['full'],
  endpointUse: 'shared',
  reviewsRun: true,
  async run(ctx): Promise<Violation[]> {
    const { api } = ctx;
    // Every documented response provoked once, whatever checks run, so the whole-run audit below has them.
    await sweep(ctx);
    // 501 is the one 5xx a conforming server may send: to a method outside the spec's recognisedMethods (RFC 9110 §9.1).
    const recognised = new Set(ctx.contract.recognisedMethods);
    const failed = (ex: { status: number; method: string }) =>
      ex.status >= 500 && !(ex.status === STATUS.notImplemented && !recognised.has(ex.method));
    const segment = (p: typeof api.keyParam) => fc.oneof(wellFormed(p), malformed(p), fc.constant(ctx.endpointId));
    const path = fc.oneof(
      segment(api.endpointParam).map((e) => api.collectionPath(e)),
      fc.tuple(segment(api.endpointParam), segment(api.keyParam)).map(([e, k]) => api.itemPath(e, k)),
      fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)),
    );
    const query = fc.oneof(
      fc.constant(''),
      fc.webQueryParameters().map((q) => `?${q}`),
    );
    const header = fc.dictionary(
      fc.constantFrom('accept', 'content-type', 'content-language', 'if-none-match', 'range', 'x-forwarded-for'),
      fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
      { maxKeys: 3 },
    );
    const body = fc.oneof(fc.constant(undefined), fc.json({ maxDepth: 2 }), fc.string({ maxLength: 200 }));
    const arb = fc.record({
      method: fc.constantFrom(...knownMethods),
      path,
      query,
      headers: header,
      body,
      auth: fc.boolean(),
    });
    const v = await ctx.property('random request', arb, async (r) => {
      const ex = await ctx.request({
        method: r.method,
        path: r.path + r.query,
        headers: r.headers,
        ...(r.body !== undefined && mayCarryContent(r.method) ? { body: r.body } : {}),
        auth: r.auth,
      });
      expectThat(
        ex.status !== 0 && !failed(ex),
        `${r.method} ${r.path}${r.query}: ${ex.status === 0 ? `no response (${ex.error ?? ''})` : `status ${ex.status}`}`,
        ex,
      );
    });
    const out: Violation[] = v ? [v] : [];
    // A connection closed without an answer counts everywhere, an oversize body's included: a server that closes after
    // a 413 does so in stages, so the client can read it (spec: "Inputs the rules above leave open", RFC 9112 §9.6).
    const bad = ctx.exchanges().filter((ex) => ex.checkId !== this.id && (failed(ex) || ex.status === 0));
    for (const ex of bad.slice(0, 10)) {
      out.push(
        ctx.violation(
          `${ex.method} ${ex.url} (sent by ${ex.checkId}): ${ex.status === 0 ? `no response (${ex.error ?? ''})` : `status ${ex.status}`}`,
          ex,
        ),
      );
    }
    if (bad.length > 10) out.push({ message: `${bad.length - 10} more failed responses not shown` });
    return out;
  },
};

/**
 * Whether the kit sends content with a method: not with GET, HEAD or DELETE, whose content "might lead some
 * implementations to reject the request and close the connection" (RFC 9110 §9.3.1, §9.3.2, §9.3.5), nor with TRACE
 * (a client MUST NOT, §9.3.8) or OPTIONS (a client MUST then send a valid Content-Type, §9.3.7, and the generated ones
 * need not be). So every request the property sends is one a server must answer.
 */
export function mayCarryContent(method: string): boolean {
  return !['GET', 'HEAD', 'DELETE', 'TRACE', 'OPTIONS'].includes(method);
}
