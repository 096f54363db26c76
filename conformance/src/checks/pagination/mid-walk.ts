import fc from 'fast-check';
import { expectStatus, expectThat } from '../../expect.js';
import { pageItems, type Exchange } from '../../exchange.js';
import { createKey, cursorOf, deleteKey, listPage } from '../../key-client.js';
import type { Violation } from '../../types.js';
import type { Pager } from './pager.js';
import { walk } from './walk.js';

/** What a walk that revoked two keys mid-way saw. */
interface ChangedWalk {
  seen: string[];
  changed: boolean;
  lastEx: Exchange | undefined;
  /** The key created mid-walk. */
  added: string | undefined;
}

/**
 * The `walk while keys change` property: a walk that revokes a key it has passed and one it has not reached yet (and
 * creates another) still sees every other key exactly once, and never the revoked one ahead of it. Only keys this
 * property creates are revoked: an implementer's own keys are never touched.
 */
export function midWalkProperty(p: Pager): Promise<Violation | undefined> {
  const midWalkMax = Math.min(p.maxLimit, 6);
  return p.ctx.property(
    'walk while keys change',
    fc.integer({ min: Math.max(p.minLimit, 2), max: midWalkMax }),
    (limit) => walkWhileKeysChange(p, limit, midWalkMax),
    Math.max(1, Math.ceil(p.ctx.runs / 10)),
  );
}

/** One run of the property: create keys, take the list, walk it revoking two of them mid-way, compare. */
async function walkWhileKeysChange(p: Pager, limit: number, midWalkMax: number): Promise<void> {
  const { ctx, api, limitName } = p;
  // More keys than a page holds, so the first and the last of them are never on the same page.
  const mine: string[] = [];
  const made = await Promise.all(
    Array.from({ length: midWalkMax + 2 }, (_, i) => createKey(ctx, `conformance mid-walk ${i}`)),
  );
  for (const { ex, key } of made) {
    expectThat(
      key !== undefined && typeof key[api.idField] === 'string',
      'create for the mid-walk property failed',
      ex,
    );
    mine.push(String(key[api.idField]));
  }
  const before = await walk(p, p.maxLimit, undefined, 0);
  const expected = before.flatMap((page) => page.ids);
  // The list order, not the creation order, decides which of them the walk passes first: ids need not grow
  // within a second (the spec orders by createdAt, then _id, and _id is only a pattern).
  const inListOrder = expected.filter((id) => mine.includes(id));
  expectThat(
    inListOrder.length === mine.length,
    `the list misses ${mine.filter((id) => !expected.includes(id)).join(', ')} right after they were created`,
    before.at(-1)?.ex,
  );
  const passed = inListOrder[0]!;
  const ahead = inListOrder[inListOrder.length - 1]!;
  const { seen, changed, lastEx, added } = await walkRevoking(p, limit, passed, ahead);
  expectThat(changed, `the walk with ${limitName}=${limit} never had the created keys on separate pages`, lastEx);
  expectThat(
    new Set(seen).size === seen.length,
    `a walk with ${limitName}=${limit} saw a key twice after keys were created and revoked mid-walk`,
    lastEx,
  );
  expectThat(!seen.includes(ahead), `a walk with ${limitName}=${limit} listed ${ahead} after it was revoked`, lastEx);
  const skipped = expected.filter((id) => id !== ahead && !seen.includes(id));
  expectThat(
    skipped.length === 0,
    `a walk with ${limitName}=${limit} skipped ${skipped.join(', ')} after a key it had passed was revoked (offset cursors?)`,
    lastEx,
  );
  // The run's keys go once it has passed, so every run walks a list of the same length (not 7 keys longer each run).
  await ctx.discard([...mine.filter((id) => id !== passed && id !== ahead), ...(added !== undefined ? [added] : [])]);
}

/**
 * Walks forward with `next` cursors; once the walk has seen `passed` but not yet `ahead`, revokes both and creates a
 * key.
 */
async function walkRevoking(p: Pager, limit: number, passed: string, ahead: string): Promise<ChangedWalk> {
  const { ctx, api, limitName, next } = p;
  const seen: string[] = [];
  let cursor: string | null | undefined;
  let changed = false;
  let lastEx: Exchange | undefined;
  let added: string | undefined;
  for (let n = 0; n < 1000; n++) {
    const q: Record<string, string> = { [limitName]: String(limit) };
    if (cursor) q[next.param] = cursor;
    const ex = await listPage(ctx, q);
    lastEx = ex;
    expectStatus(ex, [200], `list ${new URLSearchParams(q).toString()}`);
    const ids = (pageItems(ex, api.itemsField) ?? []).map((i) => String(i[api.idField]));
    seen.push(...ids);
    if (!changed && seen.includes(passed) && !seen.includes(ahead)) {
      changed = true;
      expectStatus(await deleteKey(ctx, passed), [204, 200], 'revoke a key the walk has passed');
      expectStatus(await deleteKey(ctx, ahead), [204, 200], 'revoke a key the walk has not reached');
      const id = (await createKey(ctx, 'conformance mid-walk new')).key?.[api.idField];
      if (typeof id === 'string') added = id;
    }
    cursor = cursorOf(ex, next.field, next.param, 'next');
    if (!cursor) break;
  }
  return { seen, changed, lastEx, added };
}
