import fc from 'fast-check';
import { pathOf } from '../../api-model.js';
import { malformed } from '../../arbitraries.js';
import { expectStatus } from '../../expect.js';
import type { Exchange } from '../../exchange.js';
import { expectedFor, STATUS } from '../../statuses.js';
import type { Operation } from '../../types.js';
import type { Probe } from './probe.js';

/** Every operation once, whatever the number of runs, with a malformed Endpoint id and (item routes) key id: 400. */
export async function malformedIdsOnce(p: Probe): Promise<void> {
  const { ctx, api } = p;
  for (const op of api.operations) {
    const bad = fc.sample(malformed(api.endpointParam), { numRuns: 1, seed: ctx.seed })[0]!;
    const ex = await withEndpointId(p, op, bad);
    if (!expectedFor(op, STATUS.badRequest).includes(ex.status))
      p.out.push(
        ctx.violation(
          `${op.operationId} with malformed ${api.endpointParam.name} ${JSON.stringify(bad)}: expected 400, got ${ex.status}`,
          ex,
        ),
      );
    if (op.pathParamNames.includes(api.keyParam.name)) {
      const badKey = fc.sample(malformed(api.keyParam), { numRuns: 1, seed: ctx.seed })[0]!;
      const ex2 = await ctx.request({ method: op.method, path: api.itemPath(p.endpointId, badKey), operation: op });
      if (!expectedFor(op, STATUS.badRequest).includes(ex2.status))
        p.out.push(
          ctx.violation(
            `${op.operationId} with malformed ${api.keyParam.name} ${JSON.stringify(badKey)}: expected 400, got ${ex2.status}`,
            ex2,
          ),
        );
    }
  }
}

/** Generated malformed Endpoint ids on every operation, and malformed key ids on the item routes: 400 naming them. */
export async function malformedIdProperties(p: Probe): Promise<void> {
  const { ctx, api } = p;
  p.push(
    await ctx.property(
      'malformed endpoint id',
      fc.record({ op: fc.constantFrom(...api.operations), id: malformed(api.endpointParam) }),
      async ({ op, id }) => {
        const ex = await withEndpointId(p, op, id);
        expectStatus(
          ex,
          expectedFor(op, STATUS.badRequest),
          `${op.operationId} with malformed ${api.endpointParam.name} ${JSON.stringify(id)}`,
        );
        p.named(ex, 'path', api.endpointParam.name, `${op.operationId} with malformed ${api.endpointParam.name}`);
      },
    ),
  );
  const itemOps = api.operations.filter((o) => o.pathParamNames.includes(api.keyParam.name));
  p.push(
    await ctx.property(
      'malformed key id',
      fc.record({ op: fc.constantFrom(...itemOps), id: malformed(api.keyParam) }),
      async ({ op, id }) => {
        const ex = await ctx.request({ method: op.method, path: api.itemPath(p.endpointId, id), operation: op });
        expectStatus(
          ex,
          expectedFor(op, STATUS.badRequest),
          `${op.operationId} with malformed ${api.keyParam.name} ${JSON.stringify(id)}`,
        );
        p.named(ex, 'path', api.keyParam.name, `${op.operationId} with malformed ${api.keyParam.name}`);
      },
    ),
  );
}

/** An operation on the given Endpoint id (and the probe's well-formed key id), with a valid body where it takes one. */
function withEndpointId(p: Probe, op: Operation, endpointId: string): Promise<Exchange> {
  return p.ctx.request({
    method: op.method,
    path: pathOf(p.api, op, endpointId, p.key),
    ...(op.requestBody ? { headers: p.jsonHeaders, body: p.validBody } : {}),
    operation: op,
  });
}
