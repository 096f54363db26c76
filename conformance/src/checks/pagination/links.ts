import { expectThat } from '../../expect.js';
import { bodyObject, type Exchange } from '../../exchange.js';
import { cursorOf, linkCursor, linkTarget } from '../../key-client.js';
import { idsOf, LINK_REL, sameIds, type Cursor, type Entity, type HalLinks, type Pager } from './pager.js';

/**
 * A page's links: HAL `_links.self` of the page and of each item, and for each cursor its `Link` header link and
 * HAL link, which must lead to the same endpoint's list, keep the page's limit and carry a cursor exactly when the
 * body has one. Cursors are opaque, so a link may carry another spelling of the body's cursor (an encrypted
 * cursor with a fresh nonce, say) and the page's `self` may name the page another way (another cursor, or none on
 * the first page): where they differ from the request or the body, the link is followed and must give the same
 * page as the request or the body's cursor.
 */
export async function checkLinks(p: Pager, ex: Exchange, items: Entity[], media: string | undefined): Promise<void> {
  const links = bodyObject(ex)?.['_links'] as HalLinks | undefined;
  checkItemLinks(p, ex, items);
  if (links?.['self']) await checkSelfLink(p, ex, links['self'].href, idsOf(p, items), media);
  for (const [i, cursor] of p.api.cursors.entries()) {
    const rel = LINK_REL[i];
    if (!rel) continue;
    await checkCursorLinks(p, ex, links, cursor, rel, media);
  }
}

/** Each item's HAL `_links.self` leads to that key. */
function checkItemLinks(p: Pager, ex: Exchange, items: Entity[]): void {
  for (const item of items) {
    const itemLinks = item['_links'] as HalLinks | undefined;
    if (!itemLinks?.['self']) continue;
    const id = String(item[p.api.idField]);
    const self = p.resolveIn(itemLinks['self'].href, ex);
    expectThat(
      typeof self !== 'string' && self.url.pathname === p.itemPathname(id),
      `list item ${id}: _links.self ${typeof self === 'string' ? self : `leads to ${self.url.pathname}`}, not to the key's path ${p.itemPathname(id)}`,
      ex,
    );
  }
}

/** The page's HAL `_links.self` leads to this list, and to this page (followed when it names the page another way). */
async function checkSelfLink(
  p: Pager,
  ex: Exchange,
  href: unknown,
  ids: string[],
  media: string | undefined,
): Promise<void> {
  const requested = new URL(ex.url);
  const self = p.resolveIn(href, ex);
  expectThat(
    typeof self !== 'string' && self.url.pathname === requested.pathname,
    `the page's _links.self ${typeof self === 'string' ? self : `leads to ${self.url.pathname}`}, not to the requested ${requested.pathname}`,
    ex,
  );
  const [got, want] = [JSON.stringify(p.effectiveQuery(self.url)), JSON.stringify(p.effectiveQuery(requested))];
  if (got === want) return;
  // Another name for the same page (HAL: self is the resource's own URI): it must give this page.
  const again = await p.idsAt(self.path, media, `following the page's _links.self ${self.path}`);
  expectThat(
    sameIds(again, ids),
    `the page's _links.self asks for ${got}, the request asked for ${want}, and following it gives another page (${again.length} items, not the ${ids.length} of this page)`,
    ex,
  );
}

/**
 * One cursor's links (`Link` header and HAL) are there exactly when the body has the cursor, and each leads to this
 * list with the page's limit and a cursor that gives the same page as the body's.
 */
async function checkCursorLinks(
  p: Pager,
  ex: Exchange,
  links: HalLinks | undefined,
  cursor: Cursor,
  rel: string,
  media: string | undefined,
): Promise<void> {
  const c = cursorOf(ex, cursor.field, cursor.param, rel) ?? null;
  const fromLink = linkCursor(ex, cursor.param, rel);
  if (ex.check?.decoded?.representation !== 'csv')
    expectThat(
      (c === null) === (fromLink === null),
      `Link rel="${rel}" gives ${JSON.stringify(fromLink)} but ${cursor.field} is ${JSON.stringify(c)}`,
      ex,
    );
  if (links)
    expectThat(
      (c !== null) === rel in links,
      `HAL _links.${rel} present: ${rel in links}, but ${cursor.field} is ${JSON.stringify(c)}`,
      ex,
    );
  const targets: [string, unknown][] = [];
  const header = linkTarget(ex, rel);
  if (header !== null) targets.push([`Link rel="${rel}"`, header]);
  if (links?.[rel]) targets.push([`HAL _links.${rel}`, links[rel].href]);
  /** The page the body's cursor gives, fetched once if some link carries another spelling of it. */
  let viaBody: string[] | undefined;
  const bodyPage = async (body: string): Promise<string[]> => {
    const requested = new URL(ex.url);
    const byCursor = new URLSearchParams({
      ...(requested.searchParams.has(p.limitName) ? { [p.limitName]: requested.searchParams.get(p.limitName)! } : {}),
      [cursor.param]: body,
    });
    viaBody ??= await p.idsAt(
      `${p.api.collectionPath(p.ctx.endpointId)}?${byCursor.toString()}`,
      media,
      `list with the page's ${cursor.field}`,
    );
    return viaBody;
  };
  for (const [where, href] of targets) await checkCursorTarget(p, { ex, cursor, c, media, bodyPage }, where, href);
}

/** A cursor of a page: the page's exchange, the cursor's value in the body, and the page that value gives. */
interface PageCursor {
  ex: Exchange;
  cursor: Cursor;
  /** The body's cursor (null: none). */
  c: string | null;
  media: string | undefined;
  /** The ids of the page the body's cursor gives (fetched once). */
  bodyPage(c: string): Promise<string[]>;
}

/**
 * One link of a cursor: it leads to this endpoint's list, with the page's limit, carrying this cursor exactly when the
 * body does and no other cursor; where its cursor is another spelling of the body's, it gives the same page.
 */
async function checkCursorTarget(p: Pager, on: PageCursor, where: string, href: unknown): Promise<void> {
  const { ex, cursor, c } = on;
  const to = p.resolveIn(href, ex);
  expectThat(typeof to !== 'string', `${where}: ${typeof to === 'string' ? to : ''}`, ex);
  expectThat(
    to.url.pathname === p.listPathname,
    `${where} leads to ${to.url.pathname}, not to this endpoint's list ${p.listPathname}`,
    ex,
  );
  const q = p.effectiveQuery(to.url);
  const asked = p.effectiveQuery(new URL(ex.url));
  expectThat(
    q[p.limitName] === asked[p.limitName],
    `${where} asks for ${p.limitName}=${JSON.stringify(q[p.limitName])}, the page was requested with ${JSON.stringify(asked[p.limitName])}`,
    ex,
  );
  expectThat(
    (q[cursor.param] === null) === (c === null),
    `${where} carries ${cursor.param}=${JSON.stringify(q[cursor.param])} but ${cursor.field} is ${JSON.stringify(c)}`,
    ex,
  );
  const others = p.api.cursors.filter((o) => o !== cursor && to.url.searchParams.has(o.param));
  expectThat(others.length === 0, `${where} also carries ${others.map((o) => o.param).join(', ')}`, ex);
  if (c === null || q[cursor.param] === c) return;
  const viaBody = await on.bodyPage(c);
  const viaLink = await p.idsAt(to.path, on.media, `following ${where}`);
  expectThat(
    sameIds(viaLink, viaBody),
    `${where} carries ${cursor.param}=${JSON.stringify(q[cursor.param])}, not the body's ${cursor.field} ${JSON.stringify(c)}, and leads to another page than it`,
    ex,
  );
}
