import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { ErrorObject } from 'ajv';
import {
  allowedMethods,
  contentTypeFor,
  encodeBody,
  loadContract,
  mediaTypeEssence,
  negotiate,
  type Contract,
  type MediaTypeSpec,
  type Operation,
  type ParameterSpec,
} from '../../contract/src/index.js';
import { createCursorCodec, type CursorCodec } from './cursor-codec.js';
import { createEndpointApiKeyHandlers } from './endpoint-api-key-handlers.js';
import { HttpError, type FieldError } from './http-error.js';
import { createObjectIdGenerator } from './object-id.js';
import type { OperationHandler } from './operation-handler.js';
import { createProblemReply, type WireReply } from './problem-reply.js';
import { readRequestBody } from './request-body.js';
import type { Store } from './store.js';
import { traceIdFor } from './trace-id.js';

export interface RequestHandlerOptions {
  /** The X-API-Key value requests must carry. */
  apiKey: string;
  store: Store;
  /** The contract to serve; loaded from `specPath` (default: the bundled spec) when absent. */
  contract?: Contract | undefined;
  specPath?: string | undefined;
  /** Prefix of every route, e.g. `/new`; default ''. */
  basePath?: string | undefined;
  /** Milliseconds since the epoch; default Date.now. */
  clock?: (() => number) | undefined;
  /** Receives one JSON line per request; default: stderr. */
  log?: ((line: string) => void) | undefined;
  /** Id generator for new keys; default ObjectId-style from `clock`. */
  newId?: (() => string) | undefined;
  cursorCodec?: CursorCodec | undefined;
  /** The operations, keyed by operationId; default the Endpoint API Keys handlers. Must equal the spec's. */
  handlers?: Record<string, OperationHandler> | undefined;
}

/** A node:http request listener. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

const INTEGER = /^-?(0|[1-9][0-9]*)$/;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** A path that is a valid URI reference whatever the client sent (for the problem's `instance`). */
function uriReference(path: string): string {
  return path
    .replace(/%(?![0-9A-Fa-f]{2})/g, '%25')
    .replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu, (c) => encodeURIComponent(c));
}

function paramErrors(where: FieldError['in'], name: string, errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => ({ in: where, name, message: e.message ?? 'is invalid' }));
}

/** Ajv errors on a body as FieldErrors named by JSON Pointer (RFC 6901), pointing at the offending property. */
function bodyErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => {
    const prop =
      (e.params as { missingProperty?: string; additionalProperty?: string }).missingProperty ??
      (e.params as { additionalProperty?: string }).additionalProperty;
    const pointer =
      prop === undefined ? e.instancePath : `${e.instancePath}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    return { in: 'body' as const, name: pointer, message: e.message ?? 'is invalid' };
  });
}

/** Turns a raw query value into the JSON type its schema asks for; integers only from a strict decimal string. */
function coerce(raw: string, param: ParameterSpec): unknown {
  const type = param.resolvedSchema['type'];
  if ((type === 'integer' || type === 'number') && INTEGER.test(raw)) {
    const n = Number(raw);
    return Number.isSafeInteger(n) ? n : raw;
  }
  return raw;
}

/** The origin form (path and query) of a request target that may be in absolute form (`http://host/path?q`). */
function originForm(target: string): string {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(target);
  if (!scheme) return target;
  const rest = target.slice(scheme[0].length);
  const end = rest.search(/[/?#]/);
  if (end < 0) return '/';
  const tail = rest.slice(end);
  return tail.startsWith('/') ? tail : `/${tail}`;
}

// RFC 3986 §3.2.2-3 host and optional port (RFC 9112 §3.2: `Host = uri-host [ ":" port ]`); empty is allowed.
const HOST = /^(?:\[[0-9A-Za-z:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]*)(?::[0-9]*)?$/;

/**
 * RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request message that
 * lacks a Host header field and to any request message that contains more than one Host header field line or a
 * Host header field with an invalid field value." (node:http's own check is off: it answers a bare 400.)
 */
function checkHost(req: IncomingMessage): void {
  const values: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() === 'host') values.push(req.rawHeaders[i + 1]!);
  }
  const refuse = (message: string) =>
    new HttpError('invalid-request', 'The Host header is missing, repeated or invalid (RFC 9112 §3.2).', {
      errors: [{ in: 'header', name: 'Host', message }],
    });
  if (values.length > 1) throw refuse('must not be repeated');
  if (values.length === 0 && req.httpVersionMajor === 1 && req.httpVersionMinor >= 1) throw refuse('is required');
  if (values.length === 1 && !HOST.test(values[0]!)) throw refuse('is not a valid host');
}

/** `charset` parameter of a Content-Type, lower case, quotes removed (RFC 9110 §8.3.1). */
function charsetOf(contentType: string): string | undefined {
  for (const part of contentType.split(';').slice(1)) {
    const [k, v] = part.split('=');
    if (k?.trim().toLowerCase() === 'charset')
      return (v ?? '')
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
  }
  return undefined;
}

/**
 * Creates the server's request listener: routes by the contract, applies the spec's order of checks, runs the
 * operation, encodes the negotiated representation, and answers every failure through one problem writer.
 */
export function createRequestHandler(options: RequestHandlerOptions): RequestHandler {
  const contract = options.contract ?? loadContract(options.specPath);
  const clock = options.clock ?? Date.now;
  const basePath = options.basePath ?? '';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const handlers =
    options.handlers ??
    createEndpointApiKeyHandlers({
      contract,
      store: options.store,
      clock,
      newId: options.newId ?? createObjectIdGenerator(clock),
      cursors: options.cursorCodec ?? createCursorCodec(),
      basePath,
    });
  const operationIds = contract.operations.map((o) => o.operationId).sort();
  const handlerIds = Object.keys(handlers).sort();
  if (operationIds.join() !== handlerIds.join()) {
    throw new Error(
      `handlers (${handlerIds.join(', ')}) do not match the spec's operations (${operationIds.join(', ')})`,
    );
  }
  const apiKeyDigest = digest(options.apiKey);
  const apiKeyHeader = contract.apiKeyHeader.toLowerCase();
  const problemReply = createProblemReply(contract);
  const paths = [...contract.pathsByTemplate().values()];

  /** The success responses' media types, in document order: the five the spec negotiates over. */
  const available = new Map<Operation, string[]>(
    contract.operations.map((op) => [
      op,
      [...new Set(op.responses.filter((r) => /^2/.test(r.status)).flatMap((r) => r.content.map((c) => c.mediaType)))],
    ]),
  );

  function route(method: string, path: string): { op: Operation; params: Record<string, string> } {
    for (const ops of paths) {
      const m = ops[0]!.pathRegex.exec(path);
      if (!m) continue;
      // HEAD is GET without content (RFC 9110 §9.3.2); node:http leaves the body out of a response to HEAD.
      const op =
        ops.find((o) => o.method === method) ?? (method === 'HEAD' ? ops.find((o) => o.method === 'GET') : undefined);
      if (!op) {
        const allow = allowedMethods(ops);
        throw new HttpError(
          'method-not-allowed',
          `${method} is not allowed here; allowed methods are ${allow.join(', ')}.`,
          {
            allow,
          },
        );
      }
      const params: Record<string, string> = {};
      op.pathParamNames.forEach((name, i) => {
        const raw = m[i + 1]!;
        try {
          params[name] = decodeURIComponent(raw);
        } catch {
          params[name] = raw; // not valid percent-encoding: left as is, the parameter schema refuses it
        }
      });
      return { op, params };
    }
    throw new HttpError('not-found', 'No resource at this path.');
  }

  function authenticate(req: IncomingMessage): void {
    const header = req.headers[apiKeyHeader];
    const given = typeof header === 'string' ? header : '';
    // Compare digests so the comparison has a fixed length and takes the same time whatever was sent.
    const ok = timingSafeEqual(digest(given), apiKeyDigest);
    if (!ok || header === undefined) {
      throw new HttpError('unauthorized', `A valid ${contract.apiKeyHeader} header is required.`);
    }
  }

  function validateParams(op: Operation, where: 'path', values: Record<string, string>): void;
  function validateParams(op: Operation, where: 'query', values: URLSearchParams): Record<string, unknown>;
  function validateParams(op: Operation, where: 'path' | 'query', values: Record<string, string> | URLSearchParams) {
    const errors: FieldError[] = [];
    const out: Record<string, unknown> = {};
    for (const p of op.parameters.filter((x) => x.in === where)) {
      const all =
        values instanceof URLSearchParams
          ? values.getAll(p.name)
          : values[p.name] === undefined
            ? []
            : [values[p.name]!];
      if (all.length === 0) {
        const def = p.resolvedSchema['default'];
        if (p.required) errors.push({ in: where, name: p.name, message: 'is required' });
        else if (def !== undefined) out[p.name] = def;
        continue;
      }
      if (all.length > 1) {
        errors.push({ in: where, name: p.name, message: 'must not be repeated' });
        continue;
      }
      const value = coerce(all[0]!, p);
      if (!p.validate(value)) errors.push(...paramErrors(where, p.name, p.validate.errors));
      else out[p.name] = value;
    }
    if (errors.length > 0) {
      throw new HttpError('invalid-request', `A ${where} parameter is invalid.`, { errors });
    }
    return out;
  }

  async function readBody(req: IncomingMessage, res: ServerResponse, op: Operation): Promise<unknown> {
    const spec = op.requestBody!;
    const contentType = req.headers['content-type'];
    const media: MediaTypeSpec | undefined = spec.content.find((c) => c.mediaType === mediaTypeEssence(contentType));
    const charset = contentType === undefined ? undefined : charsetOf(contentType);
    if (!media || (charset !== undefined && charset !== 'utf-8')) {
      throw new HttpError(
        'unsupported-media-type',
        `The request body must be ${spec.content.map((c) => c.mediaType).join(' or ')} in UTF-8.`,
      );
    }
    const bytes = await readRequestBody(req, res, spec.maxBytes);
    const errors = (message: string): HttpError =>
      new HttpError('invalid-request', 'The request body is not valid JSON.', {
        errors: [{ in: 'body', name: '', message }],
      });
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw errors('is not valid UTF-8');
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw errors(`is not JSON: ${(e as Error).message}`);
    }
    if (!media.validate(value)) {
      throw new HttpError('invalid-request', 'The request body does not match the schema.', {
        errors: bodyErrors(media.validate.errors),
      });
    }
    return value;
  }

  async function answer(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
    onRoute: (t: string) => void,
  ): Promise<WireReply> {
    checkHost(req);
    let local: string;
    if (basePath === '') local = path;
    else if (path.startsWith(`${basePath}/`)) local = path.slice(basePath.length);
    else throw new HttpError('not-found', 'No resource at this path.');
    const method = (req.method ?? 'GET').toUpperCase();
    const { op, params } = route(method, local);
    onRoute(op.pathTemplate);
    const handler = handlers[op.operationId]!;
    if (op.security) authenticate(req);
    validateParams(op, 'path', params);
    const loaded = await handler.load(params);
    let queryValues: Record<string, unknown> = validateParams(op, 'query', query);
    if (handler.checkQuery) queryValues = handler.checkQuery(queryValues, loaded);
    const offered = available.get(op) ?? [];
    let mediaType: string | undefined;
    if (offered.length > 0) {
      mediaType = negotiate(req.headers.accept, offered);
      if (mediaType === undefined) {
        throw new HttpError('not-acceptable', `Acceptable media types are: ${offered.join(', ')}.`);
      }
    }
    const body = op.requestBody ? await readBody(req, res, op) : undefined;
    const hal = (() => {
      if (mediaType === undefined) return false;
      const media = op.responses.flatMap((r) => r.content).find((c) => c.mediaType === mediaType);
      return media !== undefined && '_links' in ((media.resolvedSchema['properties'] ?? {}) as object);
    })();
    const reply = await handler.handle({ loaded, query: queryValues, body, hal });
    const headers: Record<string, string> = { 'cache-control': 'no-store', ...reply.headers };
    if (reply.value === undefined) return { status: reply.status, headers, body: '' };
    const response = op.responses.find((r) => r.status === String(reply.status));
    const media = response?.content.find((c) => c.mediaType === mediaType);
    if (!response || !media)
      throw new Error(`${op.operationId} answered ${reply.status} ${mediaType ?? ''}, undocumented`);
    headers['content-type'] = contentTypeFor(media.mediaType);
    return { status: reply.status, headers, body: encodeBody(reply.value, media, response, contract) };
  }

  return (req, res) => {
    const started = performance.now();
    const traceId = traceIdFor(req.headers.traceparent);
    // RFC 9112 §3.2.2: a server MUST accept the absolute form of the request target; only its path and query count.
    const url = originForm(req.url ?? '/');
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    const instance = uriReference(path);
    let routeTemplate: string | null = null;
    let failure: string | undefined;
    let logged = false;
    const writeLog = () => {
      if (logged) return;
      logged = true;
      const line: Record<string, unknown> = {
        time: new Date().toISOString(),
        method: req.method,
        route: routeTemplate === null ? null : basePath + routeTemplate,
        status: res.headersSent ? res.statusCode : null,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
        traceId,
      };
      if (failure !== undefined) line['error'] = failure;
      if (!res.writableFinished) line['aborted'] = true;
      try {
        log(JSON.stringify(line));
      } catch {
        // A failing log sink must not take the server down with it.
      }
    };
    res.on('close', writeLog);

    const send = (reply: WireReply) => {
      if (res.headersSent || res.destroyed) return;
      const headers = { ...reply.headers };
      // RFC 9110 §8.6: no Content-Length on a 204.
      if (reply.status !== 204) headers['content-length'] = String(Buffer.byteLength(reply.body));
      // RFC 9110 §15.5.14 renamed 413 "Content Too Large"; node:http still says "Payload Too Large".
      if (reply.status === 413) res.writeHead(reply.status, 'Content Too Large', headers);
      else res.writeHead(reply.status, headers);
      res.end(reply.body);
    };

    answer(req, res, path, new URLSearchParams(q >= 0 ? url.slice(q + 1) : ''), (t) => {
      routeTemplate = t;
    })
      .then(send)
      .catch((err: unknown) => {
        // Only the error's class and message reach the log: neither a request header nor a key is in them.
        if (!(err instanceof HttpError)) failure = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        if (res.headersSent) {
          res.destroy();
          return;
        }
        send(problemReply(err, instance, traceId));
      })
      .catch(() => res.destroy());
  };
}
