import fc from 'fast-check';
import { pathOf } from '../api-model.js';
import { wellFormed } from '../arbitraries.js';
import { expectStatus } from '../expect.js';
import { expectedFor, STATUS } from '../statuses.js';
import type { Check, Violation } from '../types.js';

/** Header-safe characters (RFC 9110 §5.5 field-vchar, ASCII only). */
const vchar = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));

/**
 * A wrong API key gets 401 on every operation. Wrong keys include near misses of the real one (one character
 * changed, cut short, extended, case changed) that catch prefix or length-limited comparisons. The 401 for a wrong
 * key is the same as for a missing one (but for the traceId).
 */
export const authWrongKey: Check = {
  id: 'auth-wrong-key',
  title: 'Every operation with a wrong X-API-Key gets 401',
  rule: '#/components/securitySchemes/ApiKeyAuth',
  profiles: ['full'],
  async run(ctx): Promise<Violation[]> {
    const { api } = ctx;
    const real = ctx.http.apiKey;
    const nearMiss = fc.oneof(
      fc.nat({ max: Math.max(0, real.length - 1) }).chain((i) => vchar.map((c) => real.slice(0, i) + c + real.slice(i + 1))),
      fc.nat({ max: Math.max(0, real.length - 1) }).map((i) => real.slice(0, i)),
      fc.string({ unit: vchar, minLength: 1, maxLength: 8 }).map((s) => real + s),
      fc.constant(real.toUpperCase()),
      fc.constant(real.toLowerCase()),
    );
    const wrong = fc.oneof(nearMiss, fc.string({ unit: vchar, minLength: 1, maxLength: 80 })).filter((k) => k !== real && k.length > 0);
    const ops = api.operations.filter((o) => o.security);
    const key = fc.sample(wellFormed(api.keyParam), { numRuns: 1, seed: ctx.seed })[0]!;
    const v = await ctx.property('wrong API key', fc.record({ op: fc.constantFrom(...ops), wrong }), async ({ op, wrong: k }) => {
      const ex = await ctx.request({
        method: op.method,
        path: pathOf(api, op, ctx.endpointId, key),
        ...(op.requestBody ? { headers: { 'content-type': api.requestMediaType }, body: JSON.stringify({ [api.nameField]: 'conformance auth-wrong-key' }) } : {}),
        auth: k,
        operation: op,
      });
      expectStatus(ex, expectedFor(op, STATUS.unauthorized), `${op.operationId} with a wrong ${ctx.contract.apiKeyHeader}`);
    });
    const out = v ? [v] : [];
    // Missing and wrong keys get the same answer (spec: components/responses/Unauthorized), so a caller cannot tell
    // a key that exists from one that does not; only the per-request traceId may differ.
    const comparable = (body: string) => {
      try {
        const { traceId: _t, ...rest } = JSON.parse(body) as Record<string, unknown>;
        return JSON.stringify(rest);
      } catch {
        return body;
      }
    };
    for (const op of ops) {
      const base = {
        method: op.method,
        path: pathOf(api, op, ctx.endpointId, key),
        ...(op.requestBody ? { headers: { 'content-type': api.requestMediaType }, body: JSON.stringify({ [api.nameField]: 'conformance auth-wrong-key' }) } : {}),
        operation: op,
      };
      const missing = await ctx.request({ ...base, auth: false });
      const wrongKey = await ctx.request({ ...base, auth: `${real}-wrong` });
      if (missing.status === wrongKey.status && comparable(missing.body) !== comparable(wrongKey.body)) {
        out.push(ctx.violation(`${op.operationId}: the ${missing.status} for a wrong ${ctx.contract.apiKeyHeader} differs from the one for a missing key`, wrongKey));
      }
    }
    return out;
  },
};
