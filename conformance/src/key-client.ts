import { bodyObject, pageItems, type Exchange } from './exchange.js';
import { linkCursor } from './link-header.js';
import type { CheckContext } from './types.js';

/** The `Link` header helpers checks take from here. */
export { linkCursor, linkTarget } from './link-header.js';

type Entity = Record<string, unknown>;

/** Creates a key with the given name (and Accept); returns the exchange and the decoded key when it was created. */
export async function createKey(
  ctx: CheckContext,
  name: string,
  accept?: string,
): Promise<{ ex: Exchange; key: Entity | undefined }> {
  const { api } = ctx;
  const headers: Record<string, string> = { 'content-type': api.requestMediaType };
  if (accept !== undefined) headers['accept'] = accept;
  const ex = await ctx.request({
    method: api.create.method,
    path: api.collectionPath(ctx.endpointId),
    headers,
    body: JSON.stringify({ [api.nameField]: name }),
    operation: api.create,
  });
  return { ex, key: ex.status >= 200 && ex.status < 300 ? bodyObject(ex) : undefined };
}

/** Reads one key in a media type (or without Accept). */
export async function readKey(
  ctx: CheckContext,
  id: string,
  accept?: string,
): Promise<{ ex: Exchange; key: Entity | undefined }> {
  const { api } = ctx;
  const ex = await ctx.request({
    method: api.read.method,
    path: api.itemPath(ctx.endpointId, id),
    ...(accept !== undefined ? { headers: { accept } } : {}),
    operation: api.read,
  });
  return { ex, key: ex.status >= 200 && ex.status < 300 ? bodyObject(ex) : undefined };
}

/** Revokes one key. */
export function deleteKey(ctx: CheckContext, id: string): Promise<Exchange> {
  const { api } = ctx;
  return ctx.request({ method: api.remove.method, path: api.itemPath(ctx.endpointId, id), operation: api.remove });
}

/** One list page. `query` is appended as is. */
export function listPage(ctx: CheckContext, query: Record<string, string>, accept?: string): Promise<Exchange> {
  const { api } = ctx;
  const qs = new URLSearchParams(query).toString();
  return ctx.request({
    method: api.list.method,
    path: api.collectionPath(ctx.endpointId) + (qs ? `?${qs}` : ''),
    ...(accept !== undefined ? { headers: { accept } } : {}),
    operation: api.list,
  });
}

/** A cursor taken from a page: its body field, or the Link header's rel (RFC 8288) for representations without it. */
export function cursorOf(ex: Exchange, field: string, param: string, rel: string): string | null | undefined {
  const body = bodyObject(ex);
  const d = ex.check?.decoded;
  if (d && d.representation !== 'csv' && body) {
    const v = body[field];
    return typeof v === 'string' ? v : v === null || v === undefined ? null : undefined;
  }
  return linkCursor(ex, param, rel);
}

/**
 * A URI-reference from a response resolved against the request URL (RFC 3986 §5.2), or undefined when it is not a
 * URI-reference at all.
 */
export function resolveHref(href: string, ex: Exchange): URL | undefined {
  try {
    return new URL(href, ex.url);
  } catch {
    return undefined;
  }
}

/**
 * The path (with query) of a URL relative to the run's target, as {@link CheckContext.request} takes it, or undefined
 * when the URL lies outside the target (another origin, or outside the target's path prefix).
 */
export function targetRelative(ctx: CheckContext, url: URL): string | undefined {
  const base = new URL(ctx.http.url(''));
  const prefix = base.pathname.replace(/\/+$/, '');
  if (url.origin !== base.origin) return undefined;
  if (prefix && url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return undefined;
  return url.pathname.slice(prefix.length) + url.search;
}

/** One list page at a path relative to the target (query included), e.g. a `next` link followed as given. */
export function listPageAt(ctx: CheckContext, pathAndQuery: string, accept?: string): Promise<Exchange> {
  const { api } = ctx;
  return ctx.request({
    method: api.list.method,
    path: pathAndQuery,
    ...(accept !== undefined ? { headers: { accept } } : {}),
    operation: api.list,
  });
}

/**
 * Walks the whole list forward with the largest page size (JSON) and returns every item, or the failing exchange.
 * Bounded: stops after `maxPages` pages.
 */
export async function listAll(
  ctx: CheckContext,
  maxPages = 1000,
): Promise<{ items: Entity[]; ex?: Exchange; error?: string }> {
  const { api } = ctx;
  const next = api.cursors[0];
  const maximum = api.limitParam?.resolvedSchema['maximum'];
  const limit = typeof maximum === 'number' ? String(maximum) : '';
  const items: Entity[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const query: Record<string, string> = {};
    if (api.limitParam && limit) query[api.limitParam.name] = limit;
    if (cursor && next) query[next.param] = cursor;
    const ex = await listPage(ctx, query, api.successMedia(api.list)[0]);
    if (ex.status !== 200) return { items, ex, error: `listing answered ${ex.status}` };
    const page_ = pageItems(ex, api.itemsField);
    if (!page_) return { items, ex, error: 'list page could not be read' };
    items.push(...page_);
    const c = next ? cursorOf(ex, next.field, next.param, 'next') : null;
    if (!c) return { items };
    cursor = c;
  }
  return { items, error: `list did not end within ${maxPages} pages` };
}
