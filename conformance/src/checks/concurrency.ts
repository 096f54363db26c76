import fc from 'fast-check';
import { expectStatus, expectThat } from '../expect.js';
import { createKey, deleteKey, listAll } from '../key-client.js';
import { expectedSuccess } from '../statuses.js';
import type { Check, Violation } from '../types.js';

/** How many requests are sent at once (the 20). */
export const CONCURRENT = 20;

/** 20 concurrent creates give 20 distinct ids and keys, all listed; 20 concurrent deletes remove them all. */
export const concurrency: Check = {
  id: 'concurrency',
  title: `${CONCURRENT} concurrent creates give ${CONCURRENT} distinct ids and keys, all listed`,
  rule: '#/info/description (The central promise)',
  profiles: ['full'],
  endpointUse: 'exclusive',
  // Each run expects the list to hold its own keys, then not to.
  sequentialProperties: ['concurrent creates'],
  simultaneousRequests: CONCURRENT,
  async run(ctx): Promise<Violation[]> {
    const { api, contract } = ctx;
    const v = await ctx.property(
      'concurrent creates',
      fc.constant(null),
      async () => {
        const made = await Promise.all(
          Array.from({ length: CONCURRENT }, (_, i) => createKey(ctx, `conformance concurrency ${i}`)),
        );
        for (const m of made) expectStatus(m.ex, expectedSuccess(api.create), 'concurrent create');
        const ids = new Set(made.map((m) => m.key?.[api.idField]));
        expectThat(
          ids.size === CONCURRENT,
          `${CONCURRENT} concurrent creates returned ${ids.size} distinct ${api.idField}s`,
          made[0]!.ex,
        );
        for (const f of contract.secretFields) {
          const secrets = new Set(made.map((m) => m.key?.[f]));
          expectThat(
            secrets.size === CONCURRENT,
            `${CONCURRENT} concurrent creates returned ${secrets.size} distinct ${f}s`,
            made[0]!.ex,
          );
        }
        const listed = await listAll(ctx);
        expectThat(listed.error === undefined, `list: ${listed.error}`, listed.ex);
        const listedIds = new Set(listed.items.map((i) => i[api.idField]));
        const missing = [...ids].filter((id) => !listedIds.has(id));
        expectThat(
          missing.length === 0,
          `${missing.length} of ${CONCURRENT} concurrently created keys are not listed`,
          listed.ex,
        );
        const deleted = await Promise.all([...ids].map((id) => deleteKey(ctx, id as string)));
        for (const ex of deleted) expectStatus(ex, expectedSuccess(api.remove), 'concurrent delete');
        const after = await listAll(ctx);
        const left = after.items.filter((i) => ids.has(i[api.idField]));
        expectThat(left.length === 0, `${left.length} concurrently deleted keys are still listed`, after.ex);
      },
      Math.max(1, Math.ceil(ctx.runs / 20)),
    );
    return v ? [v] : [];
  },
};
