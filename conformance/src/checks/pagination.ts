import { boundaryNames } from '../arbitraries.js';
import { PropertyFailure } from '../errors.js';
import { bodyObject } from '../exchange.js';
import { createKey, listPage } from '../key-client.js';
import type { Check, Violation } from '../types.js';
import { foreignCursorProperty, severalCursors } from './pagination/cursors.js';
import { midWalkProperty } from './pagination/mid-walk.js';
import { pagerFor, type Pager, type WalkPage } from './pagination/pager.js';
import { walk } from './pagination/walk.js';
import { oldestFirst, walkProperty, type Reference } from './pagination/walk-property.js';

/** Keys this check makes sure exist, so pages of every size have a next and a previous page. */
const MIN_KEYS = 23;

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
 *
 * The parts: `pagination/pager.ts` (the list's parameters, resolving and following links), `walk.ts` (one walk),
 * `links.ts` (a page's links), `walk-property.ts`, `mid-walk.ts` and `cursors.ts` (the properties).
 */
export const pagination: Check = {
  id: 'pagination',
  title: 'Pagination walks every key once, respects limit, and total agrees',
  rule: '#/paths/~1v2.0~1endpoints~1{endpointId}~1apikeys/get/description',
  profiles: ['full'],
  // total, walks over every page and the oldest-first order read the whole list.
  endpointUse: 'exclusive',
  // A walk that revokes keys mid-way changes the list the next walk expects.
  sequentialProperties: ['walk while keys change'],
  async run(ctx): Promise<Violation[]> {
    const p = pagerFor(ctx);
    if (!p) {
      ctx.note('the list operation has no limit or cursor parameters');
      return [];
    }
    await ensureKeys(p);
    let pages: WalkPage[];
    try {
      pages = await walk(p, p.maxLimit, undefined, 0);
    } catch (e) {
      if (e instanceof PropertyFailure) return [ctx.violation(e.message, e.exchange)];
      throw e;
    }
    const ref: Reference = {
      pages,
      all: pages.flatMap((page) => page.ids),
      total: Number(bodyObject(pages[0]!.ex)?.[ctx.api.totalField]),
    };
    const out: Violation[] = [];
    if (ref.all.length !== ref.total)
      out.push(
        ctx.violation(
          `walking with ${p.limitName}=${p.maxLimit} gave ${ref.all.length} keys, total says ${ref.total}`,
          pages[0]!.ex,
        ),
      );
    for (const v of [
      await walkProperty(p, ref),
      oldestFirst(p, ref),
      await midWalkProperty(p),
      await foreignCursorProperty(p),
      await severalCursors(p),
    ])
      if (v) out.push(v);
    return out;
  },
};

/**
 * Makes sure at least {@link MIN_KEYS} keys exist, the spec's boundary names (decomposed marks, right-to-left text,
 * characters XML and CSV escape) among them, so a representation that changes them fails the item comparison.
 */
async function ensureKeys(p: Pager): Promise<void> {
  const { ctx, api } = p;
  const first = await listPage(ctx, { [p.limitName]: String(p.maxLimit) });
  const total0 = Number(bodyObject(first)?.[api.totalField] ?? 0);
  const names = boundaryNames(api);
  const toCreate = Math.max(names.length, MIN_KEYS - total0);
  await Promise.all(
    Array.from({ length: toCreate }, (_, i) => createKey(ctx, names[i] ?? `conformance pagination ${i}`)),
  );
}
