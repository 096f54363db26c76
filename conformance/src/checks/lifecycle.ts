import fc from 'fast-check';
import { validName } from '../arbitraries.js';
import { expectStatus, expectThat } from '../expect.js';
import { createKey, deleteKey, listAll, readKey } from '../key-client.js';
import { expectedFor, expectedSuccess, STATUS } from '../statuses.js';
import type { Check, Violation } from '../types.js';

type Command = { kind: 'create'; name: string } | { kind: 'read' | 'delete'; pick: number } | { kind: 'list' };

/** Always tried: read, delete and list right after a delete (read-your-writes, not eventual consistency). */
const readAfterDelete: Command[] = [
  { kind: 'create', name: 'conformance lifecycle' },
  { kind: 'delete', pick: 0 },
  { kind: 'read', pick: 0 },
  { kind: 'delete', pick: 0 },
  { kind: 'list' },
];

/**
 * Model-based: random sequences of create, read, delete and list, checked against a model of this run's keys.
 * Created keys are readable and listed with the same fields; deleted keys are 404 on read and delete and not listed.
 */
export const lifecycle: Check = {
  id: 'lifecycle',
  title: 'Created keys are listed and readable; deleted keys are 404 and no longer listed',
  rule: '#/paths/~1v2.0~1endpoints~1{endpointId}~1apikeys~1{apiKeyId}/delete/description',
  profiles: ['full'],
  // Deleted keys must be gone from the list and live ones listed once: no other check may change it meanwhile.
  endpointUse: 'exclusive',
  // Each sequence lists the whole Endpoint and expects only its own changes.
  sequentialProperties: ['command sequence'],
  async run(ctx): Promise<Violation[]> {
    const { api } = ctx;
    const command: fc.Arbitrary<Command> = fc.oneof(
      { weight: 3, arbitrary: validName(api).map((name) => ({ kind: 'create' as const, name })) },
      { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: 'read' as const, pick })) },
      { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: 'delete' as const, pick })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'list' as const }) },
    );
    const compared = [
      api.idField,
      api.nameField,
      ...ctx.contract.previewRules.map((r) => r.field),
      ...ctx.contract.timestampFields,
    ];
    const v = await ctx.property(
      'command sequence',
      fc.array(command, { minLength: 1, maxLength: 8 }),
      async (commands) => {
        const model = new Map<string, { fields: Record<string, unknown>; live: boolean }>();
        const ids = () => [...model.keys()];
        const check = async () => {
          const listed = await listAll(ctx);
          expectThat(listed.error === undefined, `list: ${listed.error}`, listed.ex);
          for (const [id, m] of model) {
            const hits = listed.items.filter((i) => i[api.idField] === id);
            if (!m.live) expectThat(hits.length === 0, `deleted key ${id} is still listed`, listed.ex);
            else {
              expectThat(hits.length === 1, `key ${id} is listed ${hits.length} times`, listed.ex);
              for (const f of compared)
                expectThat(
                  hits[0]![f] === m.fields[f],
                  `list shows ${f} ${JSON.stringify(hits[0]![f])} for ${id}, create returned ${JSON.stringify(m.fields[f])}`,
                  listed.ex,
                );
            }
          }
        };
        for (const c of commands) {
          if (c.kind === 'create') {
            const { ex, key } = await createKey(ctx, c.name);
            expectStatus(ex, expectedSuccess(api.create), 'create');
            expectThat(key !== undefined && typeof key[api.idField] === 'string', 'create returned no id', ex);
            model.set(key[api.idField] as string, { fields: key, live: true });
          } else if (c.kind === 'list') {
            await check();
          } else if (model.size > 0) {
            const id = ids()[c.pick % model.size]!;
            const m = model.get(id)!;
            if (c.kind === 'read') {
              const got = await readKey(ctx, id);
              if (!m.live) expectStatus(got.ex, expectedFor(api.read, STATUS.notFound), `read of deleted key`);
              else {
                expectStatus(got.ex, expectedSuccess(api.read), 'read of a live key');
                for (const f of compared)
                  expectThat(
                    got.key?.[f] === m.fields[f],
                    `read shows ${f} ${JSON.stringify(got.key?.[f])}, create returned ${JSON.stringify(m.fields[f])}`,
                    got.ex,
                  );
              }
            } else {
              const ex = await deleteKey(ctx, id);
              expectStatus(
                ex,
                m.live ? expectedSuccess(api.remove) : expectedFor(api.remove, STATUS.notFound),
                m.live ? 'delete of a live key' : 'delete of a deleted key',
              );
              m.live = false;
            }
          }
        }
        await check();
      },
      Math.max(1, Math.ceil(ctx.runs / 4)),
      [readAfterDelete],
    );
    return v ? [v] : [];
  },
};
