import fc from 'fast-check';
import { acceptHeader, malformed, wellFormed } from '../arbitraries.js';
import { pathOf } from '../api-model.js';
import { expectStatus } from '../expect.js';
import { expectedFor, STATUS } from '../statuses.js';
import type { Check, Violation } from '../types.js';

/** Every operation without the API key header gets 401, before any other rule but 404/405 on the path. */
export const authRequired: Check = {
  id: 'auth-required',
  title: 'Every operation without X-API-Key gets 401',
  rule: '#/components/securitySchemes/ApiKeyAuth',
  profiles: ['full', 'stateless'],
  endpointUse: 'shared',
  async run(ctx): Promise<Violation[]> {
    const { api } = ctx;
    const ops = api.operations.filter((o) => o.security);
    // 401 comes before every rule but the path's 404/405 (spec: Order of checks), so malformed ids and bodies still get
    // 401. Prism validates those first, so the stateless profile sends only well-formed requests.
    const full = ctx.profile === 'full';
    const id = (p: typeof api.keyParam) =>
      full
        ? fc.oneof(
            { weight: 3, arbitrary: fc.constant(null) },
            { weight: 2, arbitrary: wellFormed(p) },
            { weight: 1, arbitrary: malformed(p) },
          )
        : fc.constant(null);
    const arb = fc.record({
      op: fc.constantFrom(...ops),
      endpointId: id(api.endpointParam),
      keyId: id(api.keyParam),
      accept: acceptHeader(api.successMedia(api.list)),
      body: full
        ? fc.oneof(
            fc.constant(JSON.stringify({ [api.nameField]: 'conformance auth-required' })),
            fc.string({ maxLength: 20 }),
          )
        : fc.constant(JSON.stringify({ [api.nameField]: 'conformance auth-required' })),
    });
    const out: Violation[] = [];
    // Every operation once, whatever the number of runs, then generated requests.
    for (const op of ops) {
      const ex = await ctx.request({
        method: op.method,
        path: pathOf(api, op, ctx.endpointId, fc.sample(wellFormed(api.keyParam), { numRuns: 1, seed: ctx.seed })[0]!),
        ...(op.requestBody
          ? {
              headers: { 'content-type': api.requestMediaType },
              body: JSON.stringify({ [api.nameField]: 'conformance auth-required' }),
            }
          : {}),
        auth: false,
        operation: op,
      });
      if (!expectedFor(op, STATUS.unauthorized).includes(ex.status))
        out.push(
          ctx.violation(`${op.operationId} without ${ctx.contract.apiKeyHeader}: expected 401, got ${ex.status}`, ex),
        );
    }
    const defaultKey = fc.sample(wellFormed(api.keyParam), { numRuns: 1, seed: 1 })[0]!;
    const v = await ctx.property('no API key', arb, async ({ op, endpointId, keyId, accept, body }) => {
      const keyForPath = keyId ?? defaultKey;
      const headers: Record<string, string> = {};
      if (accept !== undefined) headers['accept'] = accept;
      if (op.requestBody) headers['content-type'] = api.requestMediaType;
      const ex = await ctx.request({
        method: op.method,
        path: pathOf(api, op, endpointId ?? ctx.endpointId, keyForPath),
        headers,
        ...(op.requestBody ? { body } : {}),
        auth: false,
        operation: op,
      });
      expectStatus(ex, expectedFor(op, STATUS.unauthorized), `${op.operationId} without ${ctx.contract.apiKeyHeader}`);
    });
    if (v) out.push(v);
    return out;
  },
};
