import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePositions, MemoryStore, type KeyRecord } from '../src/index.js';

const EP = 'e'.repeat(24);
const record = (createdAt: number, n: number): KeyRecord => ({
  _id: n.toString(16).padStart(24, '0'),
  endpointId: EP,
  name: `k${n}`,
  keyPreview: 'p',
  createdAt,
  keyDigest: 'd',
});

describe('MemoryStore', () => {
  it('pages through any set of keys, forwards and backwards, in (createdAt, _id) order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        async (ops, limit) => {
          const store = new MemoryStore();
          await store.ensureEndpoint(EP);
          const kept: KeyRecord[] = [];
          for (const [i, [createdAt, revoke]] of ops.entries()) {
            const r = record(createdAt, ops.length - i); // ids not in insertion order: inserts land mid-array
            await store.create(r);
            kept.push(r);
            if (revoke && kept.length > 1) {
              const victim = kept.splice(i % kept.length, 1)[0]!;
              expect(await store.delete(EP, victim._id)).toBe(true);
            }
          }
          const expected = [...kept].sort(comparePositions).map((r) => r._id);
          const seen: string[] = [];
          let page = await store.page(EP, { limit });
          expect(page.hasBefore).toBe(false);
          seen.push(...page.items.map((r) => r._id));
          while (page.hasAfter) {
            page = await store.page(EP, { limit, after: page.items[page.items.length - 1]! });
            seen.push(...page.items.map((r) => r._id));
          }
          expect(seen).toEqual(expected);
          const back: string[] = page.items.map((r) => r._id);
          while (page.hasBefore) {
            page = await store.page(EP, { limit, before: page.items[0]! });
            back.unshift(...page.items.map((r) => r._id));
          }
          expect(back).toEqual(expected);
          expect(await store.count(EP)).toBe(expected.length);
        },
      ),
      { seed: 7, numRuns: 150 },
    );
  });

  it('refuses a duplicate _id and keys of an unknown Endpoint', async () => {
    const store = new MemoryStore();
    await store.ensureEndpoint(EP);
    await store.create(record(1, 1));
    await expect(store.create(record(2, 1))).rejects.toThrow(/duplicate/);
    await expect(store.create({ ...record(1, 2), endpointId: 'x' })).rejects.toThrow(/unknown Endpoint/);
    expect(await store.get('x', record(1, 1)._id)).toBeUndefined();
    expect(await store.delete('x', record(1, 1)._id)).toBe(false);
  });

  it('hands out copies, so callers cannot change what it stores', async () => {
    const store = new MemoryStore();
    await store.ensureEndpoint(EP);
    await store.create(record(1, 1));
    const got = (await store.get(EP, record(1, 1)._id))!;
    got.name = 'changed';
    expect((await store.get(EP, got._id))!.name).toBe('k1');
  });
});
