import { expectStatus, expectThat } from '../../expect.js';
import { pageItems, type Exchange } from '../../exchange.js';
import { listPageAt, resolveHref, targetRelative } from '../../key-client.js';
import type { ApiModel } from '../../api-model.js';
import type { CheckContext } from '../../types.js';

/** Without bounds in the spec the walk uses a page-size budget of its own (not a rule of the contract). */
const UNBOUNDED_PAGE_BUDGET = 50;

/** The `Link` / HAL relation of each cursor, by its position in {@link ApiModel.cursors}: `next`, then `prev`. */
export const LINK_REL: Record<number, string> = { 0: 'next', 1: 'prev' };

/** How a walk goes on to the next page: a request built from the body's cursor, or the `Link` / HAL URL as given. */
export type Follow = 'cursor' | 'link' | 'hal';
export type Entity = Record<string, unknown>;
export type WalkPage = { ex: Exchange; ids: string[]; items: Entity[] };
export type Cursor = ApiModel['cursors'][number];
/** Where a link leads: the URL it resolves to, and that URL's path (query included) relative to the target. */
export type LinkTarget = { url: URL; path: string };
/** HAL `_links` of a page or an item. */
export type HalLinks = Record<string, { href?: unknown }>;

/** What every part of the check shares: the list operation's parameters, and how to resolve and follow its links. */
export interface Pager {
  readonly ctx: CheckContext;
  readonly api: ApiModel;
  readonly limitName: string;
  readonly maxLimit: number;
  readonly minLimit: number;
  /** The limit parameter's documented default, as the schema gives it. */
  readonly defaultLimit: unknown;
  readonly next: Cursor;
  readonly prev: Cursor;
  /** The path of this endpoint's list, as a link to it must resolve. */
  readonly listPathname: string;
  /** The path of a key, as an item's `self` link must resolve. */
  itemPathname(id: string): string;
  /** The list query a URL asks for: every declared query parameter, absent ones at their documented default. */
  effectiveQuery(u: URL): Record<string, string | number | null>;
  /** Where a link of a page leads, or a message saying why it does not lead into the target. */
  resolveIn(href: unknown, ex: Exchange): LinkTarget | string;
  /** The ids of the page a target-relative path (query included) leads to, in the given representation. */
  idsAt(path: string, media: string | undefined, what: string): Promise<string[]>;
}

/** The check's view of the list operation, or undefined when the spec gives it no limit or cursor parameters. */
export function pagerFor(ctx: CheckContext): Pager | undefined {
  const { api } = ctx;
  const [next, prev] = api.cursors;
  const limitParam = api.limitParam;
  if (!limitParam || !next || !prev) return undefined;
  const queryParams = api.list.parameters.filter((p) => p.in === 'query');
  return {
    ctx,
    api,
    limitName: limitParam.name,
    maxLimit: Number(limitParam.resolvedSchema['maximum'] ?? UNBOUNDED_PAGE_BUDGET),
    minLimit: Number(limitParam.resolvedSchema['minimum'] ?? 1),
    defaultLimit: limitParam.resolvedSchema['default'],
    next,
    prev,
    listPathname: new URL(ctx.http.url(api.collectionPath(ctx.endpointId))).pathname,
    itemPathname: (id) => new URL(ctx.http.url(api.itemPath(ctx.endpointId, id))).pathname,
    effectiveQuery: (u) =>
      Object.fromEntries(
        queryParams.map((p) => {
          const v = u.searchParams.get(p.name);
          const d = p.resolvedSchema['default'];
          if (v === null) return [p.name, typeof d === 'string' || typeof d === 'number' ? d : null];
          return [p.name, p.resolvedSchema['type'] === 'integer' ? Number(v) : v];
        }),
      ),
    resolveIn: (href, ex) => {
      const url = typeof href === 'string' ? resolveHref(href, ex) : undefined;
      if (!url) return `${JSON.stringify(href)} is not a URI-reference`;
      const path = targetRelative(ctx, url);
      return path === undefined ? `${JSON.stringify(href)} resolves to ${url.href}, outside the target` : { url, path };
    },
    idsAt: async (path, media, what) => {
      const ex = await listPageAt(ctx, path, media);
      expectStatus(ex, [200], what);
      const items = pageItems(ex, api.itemsField);
      expectThat(items !== undefined, `${what}: page could not be read`, ex);
      return items.map((i) => String(i[api.idField]));
    },
  };
}

export const sameIds = (a: string[], b: string[]): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The ids of a page's items, as strings. */
export const idsOf = (p: Pager, items: Entity[]): string[] => items.map((i) => String(i[p.api.idField]));
