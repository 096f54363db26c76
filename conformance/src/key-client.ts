import { bodyObject, pageItems, type Exchange } from './http-client.js';
import type { CheckContext } from './types.js';

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

/** The cursor query parameter of the Link header's link with relation `rel`, or null when absent. */
export function linkCursor(ex: Exchange, param: string, rel: string): string | null {
  const target = linkTarget(ex, rel);
  return target === null ? null : new URL(target, 'http://x').searchParams.get(param);
}

/** One link-value of a `Link` header (RFC 8288 §3): its target as written, its relation types and its other parameters. */
export interface LinkValue {
  /** The URI-Reference between `<` and `>`, as written. */
  target: string;
  /** The `rel` parameter's relation types, lower case (RFC 8288 §2.1.1: compared case-insensitively). */
  rels: string[];
  /** Every parameter by lower-case name (first occurrence), values unquoted. */
  params: Record<string, string>;
}

/**
 * Every link-value of a `Link` field value (RFC 8288 §3, parsed as Appendix B.2 and B.3 describe): links separated by
 * commas outside `<…>` and quoted strings (several header lines arrive joined by commas), parameters in any order and
 * spacing, names in any letter case, values as tokens or quoted strings, `rel` holding one or more space-separated
 * relation types (only its first occurrence counts, §3.3). A malformed link-value is skipped.
 */
export function parseLinkHeader(value: string): LinkValue[] {
  const out: LinkValue[] = [];
  const n = value.length;
  let i = 0;
  const ows = () => {
    while (i < n && (value[i] === ' ' || value[i] === '\t')) i++;
  };
  /** Skips the rest of a malformed link-value, up to the next comma outside a quoted string. */
  const skipValue = () => {
    let quoted = false;
    for (; i < n; i++) {
      const c = value[i];
      if (quoted && c === '\\') i++;
      else if (c === '"') quoted = !quoted;
      else if (c === ',' && !quoted) return;
    }
  };
  while (i < n) {
    ows();
    if (i >= n) break;
    if (value[i] === ',') {
      i++;
      continue;
    }
    if (value[i] !== '<') {
      skipValue();
      continue;
    }
    const close = value.indexOf('>', i + 1);
    if (close < 0) break;
    const target = value.slice(i + 1, close);
    i = close + 1;
    const params: Record<string, string> = {};
    let ok = true;
    for (;;) {
      ows();
      if (i >= n || value[i] === ',') break;
      if (value[i] !== ';') {
        ok = false;
        skipValue();
        break;
      }
      i++;
      ows();
      let name = '';
      while (i < n && !/[=;,\s]/.test(value[i]!)) name += value[i++];
      ows();
      let v = '';
      if (value[i] === '=') {
        i++;
        ows();
        if (value[i] === '"') {
          for (i++; i < n && value[i] !== '"'; i++) {
            if (value[i] === '\\' && i + 1 < n) i++;
            v += value[i];
          }
          i++;
        } else {
          while (i < n && !/[;,\s]/.test(value[i]!)) v += value[i++];
        }
      }
      const key = name.toLowerCase();
      if (key !== '' && !(key in params)) params[key] = v;
    }
    if (!ok) continue;
    const rels = (params['rel'] ?? '')
      .split(/[ \t]+/)
      .filter(Boolean)
      .map((r) => r.toLowerCase());
    out.push({ target, rels, params });
  }
  return out;
}

/**
 * The target (URI-reference, as written) of the Link header's first link with relation `rel` (RFC 8288 §3), or null.
 * The relation type is matched case-insensitively, among the several a `rel` parameter may carry.
 */
export function linkTarget(ex: Exchange, rel: string): string | null {
  const link = ex.headers['link'];
  if (!link) return null;
  const wanted = rel.toLowerCase();
  return parseLinkHeader(link).find((l) => l.rels.includes(wanted))?.target ?? null;
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
  const limit = api.limitParam ? String(api.limitParam.resolvedSchema['maximum'] ?? '') : '';
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
