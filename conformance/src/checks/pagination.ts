import fc from 'fast-check';
import { wellFormed } from '../arbitraries.js';
import { PropertyFailure } from '../errors.js';
import { expectStatus, expectThat } from '../expect.js';
import { bodyObject, pageItems, type Exchange } from '../http-client.js';
import { createKey, cursorOf, deleteKey, linkCursor, listPage } from '../key-client.js';
import { expectedFor, STATUS } from '../statuses.js';
import type { Check, Violation } from '../types.js';

/** Keys this check makes sure exist, so pages of every size have a next and a previous page. */
const MIN_KEYS = 23;
const LINK_REL: Record<number, string> = { 0: 'next', 1: 'prev' };

/**
 * Walking the list forward with `next` and back with `previous`, for any page size and representation: every page
 * respects the limit, total agrees with what was walked, no key is seen twice, none is skipped (the walk equals the
 * largest-page walk), the order is oldest first, and cursors appear in the body, in `Link` and in HAL `_links`
 * exactly when there is a page that way. Cursors the server did not issue, and next together with previous, are 400.
 * Cursors stay valid when keys are created or revoked mid-walk (the list operation's description promises it): a
 * walk that revokes a key it has already passed and one it has not reached yet still sees every other key exactly
 * once, and never the revoked one ahead of it. This catches offset cursors, which skip a key when an earlier one goes.
 */
export const pagination: Check = {
  id: 'pagination',
  title: 'Pagination walks every key once, respects limit, and total agrees',
  rule: '#/paths/~1v2.0~1endpoints~1{endpointId}~1apikeys/get/description',
  profiles: ['full'],
  async run(ctx): Promise<Violation[]> {
    const { api, contract } = ctx;
    const out: Violation[] = [];
    const [next, prev] = api.cursors;
    if (!api.limitParam || !next || !prev) {
      ctx.note('the list operation has no limit or cursor parameters');
      return [];
    }
    const limitName = api.limitParam.name;
    const maxLimit = Number(api.limitParam.resolvedSchema['maximum'] ?? 100);
    const minLimit = Number(api.limitParam.resolvedSchema['minimum'] ?? 1);
    const defaultLimit = api.limitParam.resolvedSchema['default'];
    const timeField = contract.timestampFields[0];

    const first = await listPage(ctx, { [limitName]: String(maxLimit) });
    const total0 = Number(bodyObject(first)?.[api.totalField] ?? 0);
    await Promise.all(Array.from({ length: Math.max(0, MIN_KEYS - total0) }, (_, i) => createKey(ctx, `conformance pagination ${i}`)));

    const walk = async (limit: number | undefined, media: string | undefined, direction: 0 | 1, start?: string) => {
      const pages: { ex: Exchange; ids: string[] }[] = [];
      let cursor: string | null | undefined = start;
      for (let n = 0; n < 1000; n++) {
        const q: Record<string, string> = {};
        if (limit !== undefined) q[limitName] = String(limit);
        if (cursor) q[(direction === 0 ? next : prev).param] = cursor;
        const ex = await listPage(ctx, q, media);
        expectStatus(ex, [200], `list ${new URLSearchParams(q).toString()}`);
        const items = pageItems(ex, api.itemsField);
        expectThat(items !== undefined, `list (${media ?? 'default'}): page could not be read`, ex);
        const size = limit ?? (typeof defaultLimit === 'number' ? defaultLimit : maxLimit);
        expectThat(items.length <= size, `list with ${limitName}=${limit ?? '(default)'} returned ${items.length} items`, ex);
        pages.push({ ex, ids: items.map((i) => String(i[api.idField])) });
        const body = bodyObject(ex);
        const rep = ex.check?.decoded?.representation;
        const nextC = cursorOf(ex, next.field, next.param, 'next');
        const prevC = cursorOf(ex, prev.field, prev.param, 'prev');
        for (const [i, [c, p]] of [[nextC, next], [prevC, prev]].entries() as IterableIterator<[number, [string | null | undefined, typeof next]]>) {
          const fromLink = linkCursor(ex, p.param, LINK_REL[i]!);
          if (rep !== 'csv') expectThat((c ?? null) === fromLink, `Link rel="${LINK_REL[i]}" gives ${JSON.stringify(fromLink)} but ${p.field} is ${JSON.stringify(c)}`, ex);
          const links = body?.['_links'] as Record<string, unknown> | undefined;
          if (links) expectThat((c !== null && c !== undefined) === (LINK_REL[i]! in links), `HAL _links.${LINK_REL[i]} present: ${LINK_REL[i]! in links}, but ${p.field} is ${JSON.stringify(c)}`, ex);
        }
        const onward = direction === 0 ? nextC : prevC;
        if (!onward) break;
        cursor = onward;
      }
      return pages;
    };

    let reference: Awaited<ReturnType<typeof walk>>;
    try {
      reference = await walk(maxLimit, undefined, 0);
    } catch (e) {
      if (e instanceof PropertyFailure) return [ctx.violation(e.message, e.exchange)];
      throw e;
    }
    const all = reference.flatMap((p) => p.ids);
    const total = Number(bodyObject(reference[0]!.ex)?.[api.totalField]);
    if (all.length !== total) out.push(ctx.violation(`walking with ${limitName}=${maxLimit} gave ${all.length} keys, total says ${total}`, reference[0]!.ex));

    const arb = fc.record({
      limit: fc.oneof(fc.constant(undefined), fc.integer({ min: minLimit, max: Math.min(maxLimit, Math.max(minLimit, total + 2)) })),
      media: fc.constantFrom(undefined, ...api.successMedia(api.list)),
    });
    const v = await ctx.property('walk', arb, async ({ limit, media }) => {
      const fwd = await walk(limit, media, 0);
      const ids = fwd.flatMap((p) => p.ids);
      expectThat(new Set(ids).size === ids.length, `forward walk with ${limitName}=${limit ?? '(default)'} saw a key twice`, fwd.at(-1)!.ex);
      const missing = all.filter((id) => !ids.includes(id));
      expectThat(missing.length === 0 && ids.length === all.length, `forward walk with ${limitName}=${limit ?? '(default)'} (${media ?? 'default'}) saw ${ids.length} keys, ${missing.length} missing of ${all.length}`, fwd.at(-1)!.ex);
      expectThat(JSON.stringify(ids) === JSON.stringify(all), `forward walk with ${limitName}=${limit ?? '(default)'} ordered keys differently from the full walk`, fwd.at(-1)!.ex);
      for (const p of fwd) {
        const t = bodyObject(p.ex)?.[api.totalField];
        if (p.ex.check?.decoded?.representation !== 'csv') expectThat(t === all.length, `page ${p.ex.url} says total ${JSON.stringify(t)}, the walk found ${all.length}`, p.ex);
      }
      const last = fwd.at(-1)!;
      const back = cursorOf(last.ex, prev.field, prev.param, 'prev');
      if (fwd.length > 1) {
        expectThat(typeof back === 'string', `the last page has no ${prev.field}`, last.ex);
        const bwd = await walk(limit, media, 1, back);
        const backIds = [...bwd].reverse().flatMap((p) => p.ids);
        expectThat(JSON.stringify([...backIds, ...last.ids]) === JSON.stringify(ids), `walking back with ${prev.param} from the last page does not give the forward pages in reverse`, bwd.at(-1)?.ex ?? last.ex);
      } else {
        expectThat(back === null || back === undefined, `the only page has a ${prev.field}`, last.ex);
      }
    }, Math.max(1, Math.ceil(ctx.runs / 2)));
    if (v) out.push(v);

    if (timeField) {
      const items = reference.flatMap((p) => pageItems(p.ex, api.itemsField) ?? []);
      for (let i = 1; i < items.length; i++) {
        const a = items[i - 1]!;
        const b = items[i]!;
        const ta = Number(a[timeField]);
        const tb = Number(b[timeField]);
        if (ta > tb || (ta === tb && String(a[api.idField]) > String(b[api.idField]))) {
          out.push(ctx.violation(`list is not oldest first: ${a[api.idField]} (${ta}) before ${b[api.idField]} (${tb})`, reference[0]!.ex));
          break;
        }
      }
    }

    // Only keys this property creates are revoked: an implementer's own keys are never touched.
    const midWalkMax = Math.min(maxLimit, 6);
    const mutating = await ctx.property('walk while keys change', fc.integer({ min: Math.max(minLimit, 2), max: midWalkMax }), async (limit) => {
      // More keys than a page holds, so the first and the last of them are never on the same page.
      const mine: string[] = [];
      for (let i = 0; i < midWalkMax + 2; i++) {
        const { ex, key } = await createKey(ctx, `conformance mid-walk ${i}`);
        expectThat(key !== undefined && typeof key[api.idField] === 'string', 'create for the mid-walk property failed', ex);
        mine.push(String(key[api.idField]));
      }
      const before = await walk(maxLimit, undefined, 0);
      const expected = before.flatMap((p) => p.ids);
      const passed = mine[0]!;
      const ahead = mine[mine.length - 1]!;
      const seen: string[] = [];
      let cursor: string | null | undefined;
      let changed = false;
      let lastEx: Exchange | undefined;
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
          await createKey(ctx, 'conformance mid-walk new');
        }
        cursor = cursorOf(ex, next.field, next.param, 'next');
        if (!cursor) break;
      }
      expectThat(changed, `the walk with ${limitName}=${limit} never had the created keys on separate pages`, lastEx);
      expectThat(new Set(seen).size === seen.length, `a walk with ${limitName}=${limit} saw a key twice after keys were created and revoked mid-walk`, lastEx);
      expectThat(!seen.includes(ahead), `a walk with ${limitName}=${limit} listed ${ahead} after it was revoked`, lastEx);
      const skipped = expected.filter((id) => id !== ahead && !seen.includes(id));
      expectThat(skipped.length === 0, `a walk with ${limitName}=${limit} skipped ${skipped.join(', ')} after a key it had passed was revoked (offset cursors?)`, lastEx);
    }, Math.max(1, Math.ceil(ctx.runs / 10)));
    if (mutating) out.push(mutating);

    const cursorParam = api.list.parameters.find((p) => p.name === next.param)!;
    const foreign = await ctx.property('cursor not issued', wellFormed(cursorParam), async (cursor) => {
      const ex = await listPage(ctx, { [next.param]: cursor });
      expectStatus(ex, expectedFor(api.list, STATUS.badRequest), `list with a ${next.param} cursor the server did not issue`);
    }, Math.max(1, Math.ceil(ctx.runs / 4)));
    if (foreign) out.push(foreign);
    const page = await listPage(ctx, { [limitName]: String(minLimit) });
    const c = cursorOf(page, next.field, next.param, 'next');
    if (typeof c === 'string') {
      const both = await listPage(ctx, { [next.param]: c, [prev.param]: c });
      if (!expectedFor(api.list, STATUS.badRequest).includes(both.status)) out.push(ctx.violation(`list with both ${next.param} and ${prev.param} answered ${both.status}`, both));
    }
    return out;
  },
};
