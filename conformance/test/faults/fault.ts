import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ServeOptions, Store } from '../../../reference-server/src/index.js';

/**
 * One realistic bug, applied to the reference server from outside: by wrapping its request handler, by
 * replacing store functions, or by giving it a different clock or spec. The shipped server has no fault switches.
 */
export interface Fault {
  /** Stable kebab-case id (the file name). */
  id: string;
  /** One line: what the implementer got wrong. */
  description: string;
  /** Ids of the conformance checks that must catch it (each must be among the run's failures). */
  caughtBy: readonly string[];
  /** Serve options that apply the fault. */
  apply(): Partial<ServeOptions>;
}

/** A response on its way out: the transform may change status, headers and body. */
export interface OutgoingResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

/** What the transform sees of the request. */
export interface IncomingRequestInfo {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
type Transform = (res: OutgoingResponse, req: IncomingRequestInfo) => OutgoingResponse;

/**
 * Wraps the server's handler so every response passes through `transform` before it is written
 * (the reference server answers with one writeHead and one end per response).
 */
export function rewriteResponses(transform: Transform): NonNullable<ServeOptions['wrapHandler']> {
  return (handler: Handler) => (req, res) => {
    const info: IncomingRequestInfo = { method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } };
    const writeHead = res.writeHead.bind(res);
    const end = res.end.bind(res);
    let status = 200;
    let headers: Record<string, string> = {};
    let reason: string | undefined;
    // writeHead(status[, reasonPhrase][, headers]) (node:http): the reason phrase is optional.
    res.writeHead = ((
      code: number,
      a?: string | Record<string, string | number | string[]>,
      b?: Record<string, string | number | string[]>,
    ) => {
      status = code;
      const hs = typeof a === 'string' ? b : a;
      if (typeof a === 'string') reason = a;
      headers = Object.fromEntries(
        Object.entries(hs ?? {}).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v)]),
      );
      return res;
    }) as ServerResponse['writeHead'];
    res.end = ((body?: string | Buffer) => {
      const text = body === undefined ? '' : typeof body === 'string' ? body : body.toString('utf8');
      const out = transform({ status, headers, body: text }, info);
      const outHeaders = { ...out.headers };
      if (out.status !== 204) outHeaders['content-length'] = String(Buffer.byteLength(out.body));
      else delete outHeaders['content-length'];
      if (reason !== undefined && out.status === status) writeHead(out.status, reason, outHeaders);
      else writeHead(out.status, outHeaders);
      return end(out.status === 204 ? undefined : out.body);
    }) as ServerResponse['end'];
    handler(req, res);
  };
}

/** Wraps the handler so requests are changed before the server sees them (method, URL, headers). */
export function rewriteRequests(change: (req: IncomingMessage) => void): NonNullable<ServeOptions['wrapHandler']> {
  return (handler: Handler) => (req, res) => {
    change(req);
    handler(req, res);
  };
}

/** Composes handler wrappers, first one outermost. */
export function wrapAll(
  ...wrappers: NonNullable<ServeOptions['wrapHandler']>[]
): NonNullable<ServeOptions['wrapHandler']> {
  return (handler, contract) => wrappers.reduceRight((h, w) => w(h, contract), handler);
}

/** A store whose functions are the default in-memory store's, with some replaced. */
export function storeWith(base: Store, replace: (base: Store) => Partial<Store>): Store {
  const overrides = replace(base);
  return {
    ensureEndpoint: (id) => base.ensureEndpoint(id),
    endpointExists: (id) => base.endpointExists(id),
    create: (r) => base.create(r),
    get: (e, id) => base.get(e, id),
    delete: (e, id) => base.delete(e, id),
    page: (e, q) => base.page(e, q),
    count: (e) => base.count(e),
    ...overrides,
  };
}

/** The media type essence of a Content-Type header. */
export function essence(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Keys (64 lowercase hex) in a text. */
export function keysIn(text: string): string[] {
  return text.match(/(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g) ?? [];
}

/** The seed's masking (first 4, eight bullets, last 4), for faults that change keys and must keep previews consistent. */
export function previewOfKey(key: string): string {
  return `${key.slice(0, 4)}${'•'.repeat(8)}${key.slice(-4)}`;
}

/** Replaces the key of every 201 (and its preview, so the fault shows only in the key) with `change(key)`. */
export function rewriteCreatedKeys(change: (key: string) => string): NonNullable<ServeOptions['wrapHandler']> {
  return rewriteResponses((res) => {
    if (res.status !== 201) return res;
    const [key] = keysIn(res.body);
    if (!key) return res;
    const bad = change(key);
    return { ...res, body: res.body.split(key).join(bad).split(previewOfKey(key)).join(previewOfKey(bad)) };
  });
}

/**
 * A wrapHandler that replaces the server's `clientError` listener (what answers a request node:http cannot parse)
 * with `listener`. The server object is reached through the socket of the first request the handler sees, which comes
 * before any malformed message in a run; the handler itself is unchanged.
 */
export function replaceClientErrorListener(
  listener: (err: Error, socket: Duplex) => void,
): NonNullable<ServeOptions['wrapHandler']> {
  return (handler: Handler) => {
    let replaced = false;
    return (req, res) => {
      const server = (req.socket as unknown as { server?: Server }).server;
      if (!replaced && server) {
        replaced = true;
        server.removeAllListeners('clientError');
        server.on('clientError', listener);
      }
      handler(req, res);
    };
  };
}
