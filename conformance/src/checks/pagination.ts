import fc from 'fast-check';
import { boundaryNames, wellFormed } from '../arbitraries.js';
import { PropertyFailure } from '../errors.js';
import { expectStatus, expectThat } from '../expect.js';
import { bodyObject, pageItems, type Exchange } from '../http-client.js';
import {
  createKey,
  cursorOf,
  deleteKey,
  linkCursor,
  linkTarget,
  listPage,
  listPageAt,
  resolveHref,
  targetRelative,
} from '../key-client.js';
import { expectedFor, STATUS } from '../statuses.js';
import type { Check, Violation } from '../types.js';

const UNBOUNDED_PAGE_BUDGET = 50;

/** Keys this check makes sure exist, so pages of every size have a next and a previous page. */
const MIN_KEYS = 23;
const LINK_REL: Record<number, string> = { 0: 'next', 1: 'prev' };
/** How a walk goes on to the next page: a request built from the body's cursor, or the `Link` / HAL URL as given. */
type Follow = 'cursor' | 'link' | 'hal';
type Entity = Record<string, unknown>;
type WalkPage = { ex: Exchange; ids: string[]; items: Entity[] };

/** A value for a message, non-ASCII code points escaped, so text differing only in normalisation shows the difference. */
const shown = (v: unknown): string =>
  (JSON.stringify(v) ?? String(v)).replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);

/**
 * Walking the list forward with `next` and back with `previous`, for any page size and representation: every page
 * respects the limit, total agrees with what was walked, no key is seen twice, none is skipped (the walk equals the
 * largest-page walk), the order is oldest first, and cursors appear in the body, in `Link` and in HAL `_links`
 * exactly when there is a page that way. Every link resolves (RFC 3986 §5.2, against the request URL) where it says:
 * an item's HAL `self` to that key, the page's `self` to this page (the request's query, defaults filled in, or any
 * other URL of this list that gives the same page), and `next` / `prev` (`Link`, parsed as RFC 8288 allows, and HAL) to
 * this endpoint's list with the page's limit and a cursor that gives the same page as the body's (cursors are opaque:
 * the same one, or another spelling of it); some walks follow those links as given. Page boundaries are not compared
 * between walks (a server may cut the list differently going back): only the sequence of keys. Every item of every
 * representation has the fields the JSON walk gave for the same id. Cursors the server did not issue, in any cursor
 * parameter, and several cursors at once, are 400.
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
    // Without bounds in the spec the walk uses a page-size budget of its own (not a rule of the contract).
    const maxLimit = Number(api.limitParam.resolvedSchema['maximum'] ?? UNBOUNDED_PAGE_BUDGET);
    const minLimit = Number(api.limitParam.resolvedSchema['minimum'] ?? 1);
    const defaultLimit = api.limitParam.resolvedSchema['default'];
    const timeField = contract.timestampFields[0];

    const first = await listPage(ctx, { [limitName]: String(maxLimit) });
    const total0 = Number(bodyObject(first)?.[api.totalField] ?? 0);
    // The spec's boundary names (decomposed marks, right-to-left text, characters XML and CSV escape) are among the
    // keys walked, so a representation that changes them fails the item comparison below.
    const names = boundaryNames(api);
    const toCreate = Math.max(names.length, MIN_KEYS - total0);
    await Promise.all(
      Array.from({ length: toCreate }, (_, i) => createKey(ctx, names[i] ?? `conformance pagination ${i}`)),
    );

    const queryParams = api.list.parameters.filter((p) => p.in === 'query');
    /** The list query a URL asks for: every declared query parameter, absent ones at their documented default. */
    const effectiveQuery = (u: URL): Record<string, string | number | null> =>
      Object.fromEntries(
        queryParams.map((p) => {
          const v = u.searchParams.get(p.name);
          const d = p.resolvedSchema['default'];
          if (v === null) return [p.name, typeof d === 'string' || typeof d === 'number' ? d : null];
          return [p.name, p.resolvedSchema['type'] === 'integer' ? Number(v) : v];
        }),
      );
    const listPathname = new URL(ctx.http.url(api.collectionPath(ctx.endpointId))).pathname;
    const itemPathname = (id: string) => new URL(ctx.http.url(api.itemPath(ctx.endpointId, id))).pathname;
    /** Where a link of a page leads, or a message saying why it does not lead into the target. */
    const resolveIn = (href: unknown, ex: Exchange): { url: URL; path: string } | string => {
      const url = typeof href === 'string' ? resolveHref(href, ex) : undefined;
      if (!url) return `${JSON.stringify(href)} is not a URI-reference`;
      const path = targetRelative(ctx, url);
      return path === undefined ? `${JSON.stringify(href)} resolves to ${url.href}, outside the target` : { url, path };
    };

    /** The ids of the page a target-relative path (query included) leads to, in the given representation. */
    const idsAt = async (path: string, media: string | undefined, what: string): Promise<string[]> => {
      const ex = await listPageAt(ctx, path, media);
      expectStatus(ex, [200], what);
      const items = pageItems(ex, api.itemsField);
      expectThat(items !== undefined, `${what}: page could not be read`, ex);
      return items.map((i) => String(i[api.idField]));
    };
    const sameIds = (a: string[], b: string[]) => JSON.stringify(a) === JSON.stringify(b);

    /**
     * A page's links: HAL `_links.self` of the page and of each item, and for each cursor its `Link` header link and
     * HAL link, which must lead to the same endpoint's list, keep the page's limit and carry a cursor exactly when the
     * body has one. Cursors are opaque, so a link may carry another spelling of the body's cursor (an encrypted
     * cursor with a fresh nonce, say) and the page's `self` may name the page another way (another cursor, or none on
     * the first page): where they differ from the request or the body, the link is followed and must give the same
     * page as the request or the body's cursor.
     */
    const checkLinks = async (ex: Exchange, items: Entity[], media: string | undefined) => {
      const body = bodyObject(ex);
      const rep = ex.check?.decoded?.representation;
      const requested = new URL(ex.url);
      const links = body?.['_links'] as Record<string, { href?: unknown }> | undefined;
      const ids = items.map((i) => String(i[api.idField]));
      for (const item of items) {
        const itemLinks = item['_links'] as Record<string, { href?: unknown }> | undefined;
        if (!itemLinks?.['self']) continue;
        const id = String(item[api.idField]);
        const self = resolveIn(itemLinks['self'].href, ex);
        expectThat(
          typeof self !== 'string' && self.url.pathname === itemPathname(id),
          `list item ${id}: _links.self ${typeof self === 'string' ? self : `leads to ${self.url.pathname}`}, not to the key's path ${itemPathname(id)}`,
          ex,
        );
      }
      if (links?.['self']) {
        const self = resolveIn(links['self'].href, ex);
        expectThat(
          typeof self !== 'string' && self.url.pathname === requested.pathname,
          `the page's _links.self ${typeof self === 'string' ? self : `leads to ${self.url.pathname}`}, not to the requested ${requested.pathname}`,
          ex,
        );
        const [got, want] = [JSON.stringify(effectiveQuery(self.url)), JSON.stringify(effectiveQuery(requested))];
        if (got !== want) {
          // Another name for the same page (HAL: self is the resource's own URI): it must give this page.
          const again = await idsAt(self.path, media, `following the page's _links.self ${self.path}`);
          expectThat(
            sameIds(again, ids),
            `the page's _links.self asks for ${got}, the request asked for ${want}, and following it gives another page (${again.length} items, not the ${ids.length} of this page)`,
            ex,
          );
        }
      }
      for (const [i, p] of api.cursors.entries()) {
        const rel = LINK_REL[i];
        if (!rel) continue;
        const c = cursorOf(ex, p.field, p.param, rel) ?? null;
        const fromLink = linkCursor(ex, p.param, rel);
        if (rep !== 'csv')
          expectThat(
            (c === null) === (fromLink === null),
            `Link rel="${rel}" gives ${JSON.stringify(fromLink)} but ${p.field} is ${JSON.stringify(c)}`,
            ex,
          );
        if (links)
          expectThat(
            (c !== null) === rel in links,
            `HAL _links.${rel} present: ${rel in links}, but ${p.field} is ${JSON.stringify(c)}`,
            ex,
          );
        const targets: [string, unknown][] = [];
        const header = linkTarget(ex, rel);
        if (header !== null) targets.push([`Link rel="${rel}"`, header]);
        if (links?.[rel]) targets.push([`HAL _links.${rel}`, links[rel].href]);
        /** The page the body's cursor gives, fetched once if some link carries another spelling of it. */
        let viaBody: string[] | undefined;
        for (const [where, href] of targets) {
          const to = resolveIn(href, ex);
          expectThat(typeof to !== 'string', `${where}: ${String(to)}`, ex);
          if (typeof to === 'string') continue;
          expectThat(
            to.url.pathname === listPathname,
            `${where} leads to ${to.url.pathname}, not to this endpoint's list ${listPathname}`,
            ex,
          );
          const q = effectiveQuery(to.url);
          const asked = effectiveQuery(requested);
          expectThat(
            q[limitName] === asked[limitName],
            `${where} asks for ${limitName}=${JSON.stringify(q[limitName])}, the page was requested with ${JSON.stringify(asked[limitName])}`,
            ex,
          );
          expectThat(
            (q[p.param] === null) === (c === null),
            `${where} carries ${p.param}=${JSON.stringify(q[p.param])} but ${p.field} is ${JSON.stringify(c)}`,
            ex,
          );
          const others = api.cursors.filter((o) => o !== p && to.url.searchParams.has(o.param));
          expectThat(others.length === 0, `${where} also carries ${others.map((o) => o.param).join(', ')}`, ex);
          if (c === null || q[p.param] === c) continue;
          const byCursor = new URLSearchParams({
            ...(requested.searchParams.has(limitName) ? { [limitName]: requested.searchParams.get(limitName)! } : {}),
            [p.param]: c,
          });
          viaBody ??= await idsAt(
            `${api.collectionPath(ctx.endpointId)}?${byCursor.toString()}`,
            media,
            `list with the page's ${p.field}`,
          );
          const viaLink = await idsAt(to.path, media, `following ${where}`);
          expectThat(
            sameIds(viaLink, viaBody),
            `${where} carries ${p.param}=${JSON.stringify(q[p.param])}, not the body's ${p.field} ${JSON.stringify(c)}, and leads to another page than it`,
            ex,
          );
        }
      }
    };

    const walk = async (
      limit: number | undefined,
      media: string | undefined,
      direction: 0 | 1,
      follow: Follow = 'cursor',
      from?: Exchange,
    ) => {
      const pages: WalkPage[] = [];
      const cursor = direction === 0 ? next : prev;
      const rel = LINK_REL[direction]!;
      /** The request for the page after `ex` in the walk's direction, or null at the end. */
      const onward = (ex: Exchange): string | null => {
        const c = cursorOf(ex, cursor.field, cursor.param, rel);
        if (!c) return null;
        if (follow !== 'cursor') {
          const halLinks = bodyObject(ex)?.['_links'] as Record<string, { href?: unknown }> | undefined;
          const href = follow === 'hal' && halLinks ? halLinks[rel]?.href : linkTarget(ex, rel);
          const to = resolveIn(href, ex);
          expectThat(
            typeof to !== 'string',
            `following ${follow === 'hal' && halLinks ? `_links.${rel}` : `Link rel="${rel}"`}: ${String(to)}`,
            ex,
          );
          if (typeof to !== 'string') return to.path;
        }
        const q: Record<string, string> = {};
        if (limit !== undefined) q[limitName] = String(limit);
        q[cursor.param] = c;
        return `${api.collectionPath(ctx.endpointId)}?${new URLSearchParams(q).toString()}`;
      };
      let target: string | null = from
        ? onward(from)
        : api.collectionPath(ctx.endpointId) +
          (limit !== undefined ? `?${new URLSearchParams({ [limitName]: String(limit) }).toString()}` : '');
      for (let n = 0; n < 1000 && target !== null; n++) {
        const ex = await listPageAt(ctx, target, media);
        expectStatus(ex, [200], `list ${target}`);
        const items = pageItems(ex, api.itemsField);
        expectThat(items !== undefined, `list (${media ?? 'default'}): page could not be read`, ex);
        const size = limit ?? (typeof defaultLimit === 'number' ? defaultLimit : maxLimit);
        expectThat(
          items.length <= size,
          `list with ${limitName}=${limit ?? '(default)'} returned ${items.length} items`,
          ex,
        );
        pages.push({ ex, ids: items.map((i) => String(i[api.idField])), items });
        await checkLinks(ex, items, media);
        target = onward(ex);
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
    if (all.length !== total)
      out.push(
        ctx.violation(
          `walking with ${limitName}=${maxLimit} gave ${all.length} keys, total says ${total}`,
          reference[0]!.ex,
        ),
      );
    const referenceItems = new Map(
      reference.flatMap((p) => p.items.map((item) => [String(item[api.idField]), item] as const)),
    );
    /** Every item of a walk has the fields (all of them, decoded) the JSON reference walk gave for the same id. */
    const sameItems = (pages: WalkPage[], media: string | undefined) => {
      for (const { ex, items } of pages) {
        const d = ex.check?.decoded;
        for (const item of items) {
          const id = String(item[api.idField]);
          const ref = referenceItems.get(id);
          if (!ref) continue;
          for (const [field, want] of Object.entries(ref)) {
            if (d?.representation === 'csv' && !d.columns.includes(field)) continue;
            const got = item[field] === undefined && want === null ? null : item[field];
            expectThat(
              got === want,
              `list item ${id} (${media ?? 'default'}): ${field} is ${shown(got)}, the JSON list has ${shown(want)}`,
              ex,
            );
          }
        }
      }
    };

    const arb = fc.record({
      limit: fc.oneof(
        fc.constant(undefined),
        fc.integer({ min: minLimit, max: Math.min(maxLimit, Math.max(minLimit, total + 2)) }),
      ),
      media: fc.constantFrom(undefined, ...api.successMedia(api.list)),
      follow: fc.constantFrom<Follow>('cursor', 'link', 'hal'),
    });
    // Every representation is walked at least once, over a few pages, following the links as given (HAL's own links
    // where the representation has them, `Link` otherwise); the generated runs add the rest.
    const exampleLimit = Math.min(maxLimit, Math.max(minLimit, Math.ceil(total / 3)));
    const examples = api.successMedia(api.list).map((media) => ({
      limit: exampleLimit as number | undefined,
      media: media as string | undefined,
      follow: 'hal' as Follow,
    }));
    const v = await ctx.property(
      'walk',
      arb,
      async ({ limit, media, follow }) => {
        const fwd = await walk(limit, media, 0, follow);
        const ids = fwd.flatMap((p) => p.ids);
        expectThat(
          new Set(ids).size === ids.length,
          `forward walk with ${limitName}=${limit ?? '(default)'} saw a key twice`,
          fwd.at(-1)!.ex,
        );
        const missing = all.filter((id) => !ids.includes(id));
        expectThat(
          missing.length === 0 && ids.length === all.length,
          `forward walk with ${limitName}=${limit ?? '(default)'} (${media ?? 'default'}) saw ${ids.length} keys, ${missing.length} missing of ${all.length}`,
          fwd.at(-1)!.ex,
        );
        expectThat(
          JSON.stringify(ids) === JSON.stringify(all),
          `forward walk with ${limitName}=${limit ?? '(default)'} ordered keys differently from the full walk`,
          fwd.at(-1)!.ex,
        );
        sameItems(fwd, media);
        for (const p of fwd) {
          const t = bodyObject(p.ex)?.[api.totalField];
          if (p.ex.check?.decoded?.representation !== 'csv')
            expectThat(
              t === all.length,
              `page ${p.ex.url} says total ${JSON.stringify(t)}, the walk found ${all.length}`,
              p.ex,
            );
        }
        const last = fwd.at(-1)!;
        const back = cursorOf(last.ex, prev.field, prev.param, 'prev');
        if (fwd.length > 1) {
          expectThat(typeof back === 'string', `the last page has no ${prev.field}`, last.ex);
          const bwd = await walk(limit, media, 1, follow, last.ex);
          sameItems(bwd, media);
          const backIds = [...bwd].reverse().flatMap((p) => p.ids);
          expectThat(
            JSON.stringify([...backIds, ...last.ids]) === JSON.stringify(ids),
            `walking back with ${prev.param} from the last page does not give the keys before it in the forward walk's order (page boundaries may differ; the keys may not)`,
            bwd.at(-1)?.ex ?? last.ex,
          );
        } else {
          expectThat(back === null || back === undefined, `the only page has a ${prev.field}`, last.ex);
        }
      },
      Math.max(1, Math.ceil(ctx.runs / 2)),
      examples,
    );
    if (v) out.push(v);

    if (timeField) {
      const items = reference.flatMap((p) => pageItems(p.ex, api.itemsField) ?? []);
      for (let i = 1; i < items.length; i++) {
        const a = items[i - 1]!;
        const b = items[i]!;
        const ta = Number(a[timeField]);
        const tb = Number(b[timeField]);
        if (ta > tb || (ta === tb && String(a[api.idField]) > String(b[api.idField]))) {
          out.push(
            ctx.violation(
              `list is not oldest first: ${a[api.idField]} (${ta}) before ${b[api.idField]} (${tb})`,
              reference[0]!.ex,
            ),
          );
          break;
        }
      }
    }

    // Only keys this property creates are revoked: an implementer's own keys are never touched.
    const midWalkMax = Math.min(maxLimit, 6);
    const mutating = await ctx.property(
      'walk while keys change',
      fc.integer({ min: Math.max(minLimit, 2), max: midWalkMax }),
      async (limit) => {
        // More keys than a page holds, so the first and the last of them are never on the same page.
        const mine: string[] = [];
        for (let i = 0; i < midWalkMax + 2; i++) {
          const { ex, key } = await createKey(ctx, `conformance mid-walk ${i}`);
          expectThat(
            key !== undefined && typeof key[api.idField] === 'string',
            'create for the mid-walk property failed',
            ex,
          );
          mine.push(String(key[api.idField]));
        }
        const before = await walk(maxLimit, undefined, 0);
        const expected = before.flatMap((p) => p.ids);
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
        expectThat(
          new Set(seen).size === seen.length,
          `a walk with ${limitName}=${limit} saw a key twice after keys were created and revoked mid-walk`,
          lastEx,
        );
        expectThat(
          !seen.includes(ahead),
          `a walk with ${limitName}=${limit} listed ${ahead} after it was revoked`,
          lastEx,
        );
        const skipped = expected.filter((id) => id !== ahead && !seen.includes(id));
        expectThat(
          skipped.length === 0,
          `a walk with ${limitName}=${limit} skipped ${skipped.join(', ')} after a key it had passed was revoked (offset cursors?)`,
          lastEx,
        );
      },
      Math.max(1, Math.ceil(ctx.runs / 10)),
    );
    if (mutating) out.push(mutating);

    const cursorParams = api.cursors.map((c) =>
      api.list.parameters.find((p) => p.in === 'query' && p.name === c.param)!,
    );
    const [firstCursor, ...moreCursors] = cursorParams.map((p) => wellFormed(p));
    const foreign = await ctx.property(
      'cursor not issued',
      fc.tuple(firstCursor!, ...moreCursors),
      async (values) => {
        for (const [i, cursor] of values.entries()) {
          const { param } = api.cursors[i]!;
          const ex = await listPage(ctx, { [param]: cursor });
          expectStatus(
            ex,
            expectedFor(api.list, STATUS.badRequest),
            `list with a ${param} cursor the server did not issue`,
          );
        }
      },
      Math.max(1, Math.ceil(ctx.runs / 4)),
    );
    if (foreign) out.push(foreign);
    // A middle page has a genuine cursor for every cursor parameter: each in its own parameter, and each in all of them.
    const page1 = await listPage(ctx, { [limitName]: String(minLimit) });
    const c1 = cursorOf(page1, next.field, next.param, 'next');
    const middle =
      typeof c1 === 'string' ? await listPage(ctx, { [limitName]: String(minLimit), [next.param]: c1 }) : page1;
    const genuine = api.cursors.map((p, i) => cursorOf(middle, p.field, p.param, LINK_REL[i] ?? p.param));
    const combos: Record<string, string>[] = [];
    if (genuine.every((g) => typeof g === 'string'))
      combos.push(Object.fromEntries(api.cursors.map((p, i) => [p.param, genuine[i]!])));
    for (const g of genuine)
      if (typeof g === 'string') combos.push(Object.fromEntries(api.cursors.map((p) => [p.param, g])));
    if (combos.length === 0) ctx.note('no page had a cursor, so sending several cursors at once was not tried');
    for (const q of combos) {
      const both = await listPage(ctx, q);
      if (!expectedFor(api.list, STATUS.badRequest).includes(both.status)) {
        out.push(
          ctx.violation(
            `list with ${api.cursors.map((p) => p.param).join(' and ')} together (${api.cursors.map((p) => `${p.param}=${q[p.param] === genuine[api.cursors.indexOf(p)] ? `its ${p.field}` : 'another cursor'}`).join(', ')}) answered ${both.status}`,
            both,
          ),
        );
        break;
      }
    }
    return out;
  },
};
