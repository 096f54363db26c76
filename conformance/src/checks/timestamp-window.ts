import fc from 'fast-check';
import { expectStatus, expectThat } from '../expect.js';
import { createKey, readKey } from '../key-client.js';
import { expectedSuccess } from '../statuses.js';
import type { Check, Violation } from '../types.js';

/**
 * A created key's x-unix-time fields lie within the time window of the create request, widened by --clock-skew; read
 * shows the same value, and keys created one after another never go back in time.
 */
export const timestampWindow: Check = {
  id: 'timestamp-window',
  title: 'createdAt is the time of creation (within the clock skew), stable and monotonic',
  rule: '#/components/schemas/UnixTimestamp/x-unix-time',
  profiles: ['full'],
  async run(ctx): Promise<Violation[]> {
    const { api, contract, clockSkewSeconds: skew } = ctx;
    const fields = contract.timestampFields;
    const last = new Map<string, number>();
    const v = await ctx.property('creation time', fc.constantFrom(...api.successMedia(api.create)), async (accept) => {
      const { ex, key } = await createKey(ctx, 'conformance timestamp-window', accept);
      expectStatus(ex, expectedSuccess(api.create), `create (${accept})`);
      expectThat(key !== undefined, `create (${accept}): body could not be read`, ex);
      const lo = Math.floor(ex.sentAtMs / 1000) - skew;
      const hi = Math.ceil(ex.receivedAtMs / 1000) + skew;
      const got = await readKey(ctx, key[api.idField] as string);
      for (const f of fields) {
        const t = key[f];
        expectThat(typeof t === 'number' && t >= lo && t <= hi, `create (${accept}): ${f} ${JSON.stringify(t)} is outside the request's time window ${lo}..${hi} (±${skew} s skew)`, ex);
        const prev = last.get(f);
        expectThat(prev === undefined || t >= prev, `create (${accept}): ${f} ${t} is earlier than the previous creation's ${prev}`, ex);
        last.set(f, t);
        expectThat(got.key?.[f] === t, `read: ${f} is ${JSON.stringify(got.key?.[f])}, create returned ${t}`, got.ex);
      }
    }, Math.max(1, Math.ceil(ctx.runs / 4)));
    return v ? [v] : [];
  },
};
