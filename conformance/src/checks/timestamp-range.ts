import type { JsonSchema } from '../../../contract/src/index.js';
import { entitiesOf } from '../exchange.js';
import { createKey } from '../key-client.js';
import { sweep } from './sweep.js';
import type { Check, Violation } from '../types.js';

/** Every x-unix-time field of every key the run saw is an integer within its schema's range (seconds, not ms). */
export const timestampRange: Check = {
  id: 'timestamp-range',
  title: 'Timestamps are integers within the documented range (seconds, not milliseconds)',
  rule: '#/components/schemas/UnixTimestamp',
  profiles: ['full', 'stateless'],
  endpointUse: 'shared',
  reviewsRun: true,
  async run(ctx): Promise<Violation[]> {
    const { api, contract } = ctx;
    // Every operation in every success media type (list and read too), whatever checks run.
    await sweep(ctx);
    await Promise.all(
      api.successMedia(api.create).map((media) => createKey(ctx, 'conformance timestamp-range', media)),
    );
    const bounds = new Map<string, { min: number; max: number }>();
    for (const field of contract.timestampFields) {
      const json = api.successResponse(api.create).content[0]!;
      const props = (contract.deref<JsonSchema>(json.resolvedSchema)['properties'] ?? {}) as Record<string, JsonSchema>;
      const s = contract.deref<JsonSchema>(props[field] ?? {});
      bounds.set(field, {
        min: Number(s['minimum'] ?? Number.MIN_SAFE_INTEGER),
        max: Number(s['maximum'] ?? Number.MAX_SAFE_INTEGER),
      });
    }
    const out: Violation[] = [];
    let seen = 0;
    for (const ex of ctx.exchanges()) {
      if (ex.status < 200 || ex.status >= 300) continue;
      for (const e of entitiesOf(ex)) {
        for (const [field, { min, max }] of bounds) {
          if (!(field in e)) continue;
          seen++;
          const v = e[field];
          if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
            out.push(
              ctx.violation(
                `${ex.operationId ?? ex.method} ${ex.status}: ${field} is ${JSON.stringify(v)}, expected an integer in ${min}..${max}`,
                ex,
              ),
            );
          }
        }
      }
      if (out.length >= 10) break;
    }
    ctx.note(`${seen} timestamps checked`);
    if (seen === 0)
      out.push({
        message: `no response of the run carried ${[...bounds.keys()].join(', ') || 'a timestamp field'}: nothing was judged`,
      });
    return out;
  },
};
