import { expectStatus, expectThat } from '../../expect.js';
import { bodyObject, pageItems, type Exchange } from '../../exchange.js';
import { cursorOf, linkTarget, listPageAt } from '../../key-client.js';
import { checkLinks } from './links.js';
import { idsOf, LINK_REL, type Follow, type HalLinks, type Pager, type WalkPage } from './pager.js';

/** How a walk goes: its page size (undefined: the default), representation, direction and way of following. */
interface Way {
  limit: number | undefined;
  media: string | undefined;
  direction: 0 | 1;
  follow: Follow;
}

/**
 * Walks the list from its first page (or onward from `from`) in one direction, checking each page's size and links,
 * until a page has no cursor that way.
 */
export async function walk(
  p: Pager,
  limit: number | undefined,
  media: string | undefined,
  direction: 0 | 1,
  follow: Follow = 'cursor',
  from?: Exchange,
): Promise<WalkPage[]> {
  const way: Way = { limit, media, direction, follow };
  const pages: WalkPage[] = [];
  let target: string | null = from
    ? onward(p, way, from)
    : p.api.collectionPath(p.ctx.endpointId) +
      (limit !== undefined ? `?${new URLSearchParams({ [p.limitName]: String(limit) }).toString()}` : '');
  for (let n = 0; n < 1000 && target !== null; n++) {
    const ex = await listPageAt(p.ctx, target, media);
    expectStatus(ex, [200], `list ${target}`);
    const items = pageItems(ex, p.api.itemsField);
    expectThat(items !== undefined, `list (${media ?? 'default'}): page could not be read`, ex);
    const size = limit ?? (typeof p.defaultLimit === 'number' ? p.defaultLimit : p.maxLimit);
    expectThat(
      items.length <= size,
      `list with ${p.limitName}=${limit ?? '(default)'} returned ${items.length} items`,
      ex,
    );
    pages.push({ ex, ids: idsOf(p, items), items });
    await checkLinks(p, ex, items, media);
    target = onward(p, way, ex);
  }
  return pages;
}

/** The request for the page after `ex` in the walk's direction, or null at the end. */
function onward(p: Pager, way: Way, ex: Exchange): string | null {
  const cursor = way.direction === 0 ? p.next : p.prev;
  const rel = LINK_REL[way.direction]!;
  const c = cursorOf(ex, cursor.field, cursor.param, rel);
  if (!c) return null;
  if (way.follow !== 'cursor') {
    const halLinks = bodyObject(ex)?.['_links'] as HalLinks | undefined;
    const hal = way.follow === 'hal' && halLinks;
    const to = p.resolveIn(hal ? halLinks[rel]?.href : linkTarget(ex, rel), ex);
    expectThat(
      typeof to !== 'string',
      `following ${hal ? `_links.${rel}` : `Link rel="${rel}"`}: ${typeof to === 'string' ? to : ''}`,
      ex,
    );
    return to.path;
  }
  const q: Record<string, string> = {};
  if (way.limit !== undefined) q[p.limitName] = String(way.limit);
  q[cursor.param] = c;
  return `${p.api.collectionPath(p.ctx.endpointId)}?${new URLSearchParams(q).toString()}`;
}
