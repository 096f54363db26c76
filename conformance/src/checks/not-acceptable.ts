import fc from 'fast-check';
import { unacceptableHeader } from '../arbitraries.js';
import { expectStatus } from '../expect.js';
import { expectedFor, STATUS } from '../statuses.js';
import type { Check, Violation } from '../types.js';
import { createKey, readKey } from '../key-client.js';

/** When nothing in Accept is one of the documented media types, the answer is 406 (RFC 9110 §15.5.7). */
export const notAcceptable: Check = {
  id: 'not-acceptable',
  title: 'An Accept that excludes every documented media type gets 406',
  rule: '#/components/responses/NotAcceptable',
  profiles: ['full'],
  endpointUse: 'shared',
  async run(ctx): Promise<Violation[]> {
    const { api } = ctx;
    const live = await createKey(ctx, 'conformance not-acceptable');
    const id = live.key?.[api.idField];
    if (typeof id !== 'string')
      return [ctx.violation(`create did not return a key (status ${live.ex.status})`, live.ex)];
    const ops = [api.create, api.list, api.read];
    const arb = fc
      .constantFrom(...ops)
      .chain((op) => fc.record({ op: fc.constant(op), accept: unacceptableHeader(api.successMedia(op)) }));
    const send = async (op: (typeof ops)[number], accept: string) =>
      op === api.create
        ? (await createKey(ctx, 'conformance not-acceptable', accept)).ex
        : op === api.read
          ? (await readKey(ctx, id, accept)).ex
          : await ctx.request({
              method: op.method,
              path: api.collectionPath(ctx.endpointId),
              headers: { accept },
              operation: op,
            });
    // Every operation once, whatever the number of runs, then generated Accept values.
    const out: Violation[] = [];
    for (const op of ops) {
      const accept = fc.sample(unacceptableHeader(api.successMedia(op)), { numRuns: 1, seed: ctx.seed })[0]!;
      const ex = await send(op, accept);
      if (!expectedFor(op, STATUS.notAcceptable).includes(ex.status))
        out.push(ctx.violation(`${op.operationId} with Accept ${accept}: expected 406, got ${ex.status}`, ex));
    }
    const v = await ctx.property('unacceptable Accept', arb, async ({ op, accept }) => {
      const ex = await send(op, accept);
      expectStatus(ex, expectedFor(op, STATUS.notAcceptable), `${op.operationId} with Accept ${accept}`);
    });
    if (v) out.push(v);
    return out;
  },
};
