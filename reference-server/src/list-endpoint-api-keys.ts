import type { CursorCodec, DecodedCursor } from './cursor-codec.js';
import type { EndpointApiKeyViews } from './endpoint-api-key-views.js';
import { project } from './endpoint-api-key-views.js';
import { HttpError, type FieldError } from './http-error.js';
import type { HandlerReply, Loaded, OperationHandler } from './operation-handler.js';
import type { KeyRecord, Page, PageQuery, Position, Store } from './store.js';

/** The query the list works with: the page size, the decoded cursor, and the cursor as it was given (for `self`). */
interface ListQuery {
  limit: number;
  cursor: DecodedCursor | undefined;
  cursorText: string;
}

function refuseBoth(): never {
  const errors: FieldError[] = [
    { in: 'query', name: 'next', message: 'must not be combined with previous' },
    { in: 'query', name: 'previous', message: 'must not be combined with next' },
  ];
  throw new HttpError('invalid-request', 'Pass either next or previous, not both.', { errors });
}

/** `next` and `previous` are cursors this server issued for this Endpoint, in their direction; at most one is given. */
function checkCursors(cursors: CursorCodec, query: Readonly<Record<string, unknown>>, loaded: Loaded): ListQuery {
  if (query['next'] !== undefined && query['previous'] !== undefined) refuseBoth();
  const limit = query['limit'] as number;
  for (const [param, direction] of [
    ['next', 'after'],
    ['previous', 'before'],
  ] as const) {
    const raw = query[param];
    if (typeof raw !== 'string') continue;
    const cursor = cursors.decode(loaded.endpointId, raw);
    if (!cursor || cursor.direction !== direction) {
      throw new HttpError('invalid-request', `The ${param} cursor was not issued by this server for this Endpoint.`, {
        errors: [{ in: 'query', name: param, message: `is not a ${param} cursor issued for this Endpoint` }],
      });
    }
    return { limit, cursor, cursorText: `&${param}=${raw}` };
  }
  return { limit, cursor: undefined, cursorText: '' };
}

function pageQueryOf({ limit, cursor }: ListQuery): PageQuery {
  if (!cursor) return { limit };
  return cursor.direction === 'after' ? { limit, after: cursor.position } : { limit, before: cursor.position };
}

const position = (r: KeyRecord): Position => ({ createdAt: r.createdAt, _id: r._id });

/** The page's cursors. An empty page (everything past the cursor was revoked) still leads back towards the keys left. */
function pageCursors(cursors: CursorCodec, endpointId: string, page: Page, cursor: DecodedCursor | undefined) {
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  const at = (r: KeyRecord | undefined): Position => {
    if (r) return position(r);
    if (!cursor) throw new Error('an empty first page has no neighbours');
    return cursor.position;
  };
  return {
    nextCursor: page.hasAfter ? cursors.encode(endpointId, 'after', at(last)) : null,
    previousCursor: page.hasBefore ? cursors.encode(endpointId, 'before', at(first)) : null,
  };
}

/** The list of an Endpoint's keys, a page at a time, with `Link` headers (RFC 8288) and HAL links. */
export function createListEndpointApiKeys(
  views: EndpointApiKeyViews,
  store: Store,
  cursors: CursorCodec,
): OperationHandler {
  return {
    load: views.requireEndpoint,
    checkQuery: (query, loaded) => ({ ...checkCursors(cursors, query, loaded) }),
    async handle({ loaded, query, hal }): Promise<HandlerReply> {
      const { endpointId } = loaded;
      const list = query as unknown as ListQuery;
      const page = await store.page(endpointId, pageQueryOf(list));
      const total = await store.count(endpointId);
      const { nextCursor, previousCursor } = pageCursors(cursors, endpointId, page, list.cursor);
      const href = (extra: string) => `${views.listPath(endpointId)}?limit=${list.limit}${extra}`;
      const links: string[] = [];
      if (nextCursor) links.push(`<${href(`&next=${nextCursor}`)}>; rel="next"`);
      if (previousCursor) links.push(`<${href(`&previous=${previousCursor}`)}>; rel="prev"`);
      const items = page.items.map((r) =>
        views.withSelf(project(views.fieldsOf(r), views.metadataFields), views.keyPath(r), hal),
      );
      const value: Record<string, unknown> = { items, total, nextCursor, previousCursor };
      if (hal) {
        const l: Record<string, { href: string }> = { self: { href: href(list.cursorText) } };
        if (nextCursor) l['next'] = { href: href(`&next=${nextCursor}`) };
        if (previousCursor) l['prev'] = { href: href(`&previous=${previousCursor}`) };
        value['_links'] = l;
      }
      const headers: Record<string, string> = { vary: 'Accept' };
      if (links.length > 0) headers['link'] = links.join(', ');
      return { status: 200, headers, value };
    },
  };
}
