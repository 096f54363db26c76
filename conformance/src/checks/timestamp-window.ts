import fc from 'fast-check';
import { expectStatus, expectThat } from '../expect.js';
import { createKey, readKey } from '../key-client.js';
import { expectedSuccess } from '../statuses.js';
import type { Check, Violation } from '../types.js';

/**
 * A created key's x-unix-time fields lie within the time window of the create request, widened by --clock-skew, and
 * read shows the same value (spec: UnixTimestamp, "when the key was created", checked "against the time of the
 * request"; the server stores the creation time). Nothing is demanded of one key's time against another's: the spec
 * states no order between creations, and servers behind a load balancer read different clocks, each within the skew.
 */
export const timestampWindow: Check = {
  id: 'timestamp-window',
  title: 'createdAt is the time of creation (within the clock skew) and read shows the same value',
  rule: '#/components/schemas/UnixTimestamp/x-unix-time',
  profiles: ['full'],
  endpointUse: 'shared',
  async run(ctx): Promise<Violation[]> {
    const { api, contract, clockSkewSeconds: skew } = ctx;
    const fields = contract.timestampFields;
    const v = await ctx.property(
      'creation time',
      fc.constantFrom(...api.successMedia(api.create)),
      async (accept) => {
        const { ex, key } = await createKey(ctx, 'conformance timestamp-window', accept);
        expectStatus(ex, expectedSuccess(api.create), `create (${accept})`);
        expectThat(key !== undefined, `create (${accept}): body could not be read`, ex);
        const lo = Math.floor(ex.sentAtMs / 1000) - skew;
        const hi = Math.ceil(ex.receivedAtMs / 1000) + skew;
        const got = await readKey(ctx, key[api.idField] as string);
        for (const f of fields) {
          const t = key[f];
          expectThat(
            typeof t === 'number' && t >= lo && t <= hi,
            `create (${accept}): ${f} ${JSON.stringify(t)} is outside the request's time window ${lo}..${hi} (±${skew} s skew)`,
            ex,
          );
          expectThat(got.key?.[f] === t, `read: ${f} is ${JSON.stringify(got.key?.[f])}, create returned ${t}`, got.ex);
        }
      },
      Math.max(1, Math.ceil(ctx.runs / 4)),
    );
    return v ? [v] : [];
  },
};
