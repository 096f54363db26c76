import fc from 'fast-check';
import type { Operation } from '../../../contract/src/index.js';
import { pathOf } from '../api-model.js';
import { wellFormed } from '../arbitraries.js';
import { expectStatus } from '../expect.js';
import type { RequestSpec } from '../exchange.js';
import { expectedFor, STATUS } from '../statuses.js';
import type { Check, Violation } from '../types.js';

/** Header-safe characters (RFC 9110 §5.5 field-vchar, ASCII only). */
const vchar = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));

/**
 * A wrong API key gets 401 on every operation. Wrong keys include near misses of the real one (one character
 * changed, cut short, extended, case changed) that catch prefix or length-limited comparisons. The 401 for a wrong
 * key is the same as for a missing one (but for per-request members such as the traceId).
 */
export const authWrongKey: Check = {
  id: 'auth-wrong-key',
  title: 'Every operation with a wrong X-API-Key gets 401',
  rule: '#/components/securitySchemes/ApiKeyAuth',
  profiles: ['full'],
  endpointUse: 'shared',
  async run(ctx): Promise<Violation[]> {
    const { api } = ctx;
    const real = ctx.http.apiKey;
    const nearMiss = fc.oneof(
      fc
        .nat({ max: Math.max(0, real.length - 1) })
        .chain((i) => vchar.map((c) => real.slice(0, i) + c + real.slice(i + 1))),
      fc.nat({ max: Math.max(0, real.length - 1) }).map((i) => real.slice(0, i)),
      fc.string({ unit: vchar, minLength: 1, maxLength: 8 }).map((s) => real + s),
      fc.constant(real.toUpperCase()),
      fc.constant(real.toLowerCase()),
    );
    const wrong = fc
      .oneof(nearMiss, fc.string({ unit: vchar, minLength: 1, maxLength: 80 }))
      .filter((k) => k !== real && k.length > 0);
    const ops = api.operations.filter((o) => o.security);
    const key = fc.sample(wellFormed(api.keyParam), { numRuns: 1, seed: ctx.seed })[0]!;
    /** A request the key would be allowed to make: a valid body where the operation takes one. */
    const requestTo = (op: Operation): RequestSpec => ({
      method: op.method,
      path: pathOf(api, op, ctx.endpointId, key),
      ...(op.requestBody
        ? {
            headers: { 'content-type': api.requestMediaType },
            body: JSON.stringify({ [api.nameField]: 'conformance auth-wrong-key' }),
          }
        : {}),
      operation: op,
    });
    const v = await ctx.property(
      'wrong API key',
      fc.record({ op: fc.constantFrom(...ops), wrong }),
      async ({ op, wrong: k }) => {
        const ex = await ctx.request({ ...requestTo(op), auth: k });
        expectStatus(
          ex,
          expectedFor(op, STATUS.unauthorized),
          `${op.operationId} with a wrong ${ctx.contract.apiKeyHeader}`,
        );
      },
    );
    const out = v ? [v] : [];
    // Missing and wrong keys get the same body (spec: components/responses/Unauthorized), so a caller cannot tell a
    // key that exists from one that does not. "The same" cannot mean byte for byte: traceId is the request's own
    // (components/schemas/Problem), and an implementation may add other per-request members (RFC 9457 §3.2: a
    // timestamp, a request number). So each case is asked twice, interleaved (missing, wrong, missing, wrong): a member
    // that differs between the two answers to the same case is per-request and is not compared; every other member,
    // and the set of member names, must be the same for both cases. JSON is compared as values (member order and
    // formatting are free). Interleaving means a clock or a counter member always differs within a case whenever it
    // differs across the cases, so it is never mistaken for a difference between them.
    for (const op of ops) {
      const base = requestTo(op);
      const missing1 = await ctx.request({ ...base, auth: false });
      const wrong1 = await ctx.request({ ...base, auth: `${real}-wrong` });
      const missing2 = await ctx.request({ ...base, auth: false });
      const wrong2 = await ctx.request({ ...base, auth: `${real}-wrong` });
      if (new Set([missing1, wrong1, missing2, wrong2].map((e) => e.status)).size !== 1 || missing1.status === 0)
        continue;
      const difference = unauthorizedDifference([missing1.body, missing2.body], [wrong1.body, wrong2.body]);
      if (difference !== undefined) {
        out.push(
          ctx.violation(
            `${op.operationId}: the ${missing1.status} for a wrong ${ctx.contract.apiKeyHeader} differs from the one for a missing key (${difference})`,
            wrong1,
          ),
        );
      }
    }
    return out;
  },
};

/** A JSON value written with object members in sorted order, so two values compare equal whatever their member order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(body) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How the answers to a missing key (`missing`, two bodies) and to a wrong key (`wrong`, two bodies) tell the cases apart,
 * or undefined when they do not. A member whose value (or absence) differs between the two answers of either case is
 * per-request (a timestamp, a request number) and is not compared; `traceId` never is. Bodies that are not JSON
 * objects are compared whole, the same way.
 */
export function unauthorizedDifference(
  missing: readonly [string, string],
  wrong: readonly [string, string],
): string | undefined {
  const m = missing.map(parseObject);
  const w = wrong.map(parseObject);
  if (!m[0] || !m[1] || !w[0] || !w[1]) {
    if (missing[0] !== missing[1] || wrong[0] !== wrong[1]) return undefined;
    return missing[0] === wrong[0] ? undefined : 'the bodies differ';
  }
  const [m1, m2, w1, w2] = [m[0], m[1], w[0], w[1]];
  // A member's state in one answer: its value, or absent.
  const state = (o: Record<string, unknown>, k: string) => (Object.hasOwn(o, k) ? canonical(o[k]) : '(absent)');
  const differing: string[] = [];
  for (const k of new Set([m1, m2, w1, w2].flatMap((o) => Object.keys(o)))) {
    if (k === 'traceId') continue;
    const perRequest = state(m1, k) !== state(m2, k) || state(w1, k) !== state(w2, k);
    if (!perRequest && state(m1, k) !== state(w1, k))
      differing.push(`${k}: ${state(m1, k)} for a missing key, ${state(w1, k)} for a wrong one`);
  }
  return differing.length > 0 ? differing.join('; ') : undefined;
}
