import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  contentTypeFor,
  encodeBody,
  loadContract,
  negotiate,
  type Contract,
  type Operation,
} from '../../contract/src/index.js';
import { createAuthenticator } from './authenticate.js';
import { createCursorCodec, type CursorCodec } from './cursor-codec.js';
import { createEndpointApiKeyHandlers } from './endpoint-api-key-handlers.js';
import { HttpError } from './http-error.js';
import { createObjectIdGenerator } from './object-id.js';
import type { HandlerReply, OperationHandler } from './operation-handler.js';
import { createProblemReply, type WireReply } from './problem-reply.js';
import { readJsonBody } from './read-json-body.js';
import { logOnClose } from './request-log.js';
import { checkHost, splitTarget, uriReference } from './request-target.js';
import { createRouter, type Routed } from './route.js';
import { sendReply } from './send-reply.js';
import type { Store } from './store.js';
import { traceIdFor } from './trace-id.js';
import { validateParams } from './validate-params.js';

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
  /** The operations, keyed by their `x-role`; default the Endpoint API Keys handlers. Must equal the spec's roles. */
  handlers?: Record<string, OperationHandler> | undefined;
}

/** A node:http request listener. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** What answering a request needs, built once from the options. */
interface Pipeline {
  contract: Contract;
  basePath: string;
  handlers: Record<string, OperationHandler>;
  route: (method: string, path: string) => Routed;
  authenticate: (req: IncomingMessage) => void;
  /** The success responses' media types per operation, in document order: the ones the spec negotiates over. */
  available: Map<Operation, string[]>;
}

/** The operations' handlers, refusing to start unless they are exactly the spec's operations. */
function handlersFor(options: RequestHandlerOptions, contract: Contract): Record<string, OperationHandler> {
  const clock = options.clock ?? Date.now;
  const handlers =
    options.handlers ??
    createEndpointApiKeyHandlers({
      contract,
      store: options.store,
      clock,
      newId: options.newId ?? createObjectIdGenerator(clock),
      cursors: options.cursorCodec ?? createCursorCodec(),
      basePath: options.basePath ?? '',
    });
  const roles = contract.operations.map((o) => o.role ?? `(${o.operationId} has no x-role)`).sort();
  const handlerIds = Object.keys(handlers).sort();
  if (roles.join() !== handlerIds.join()) {
    throw new Error(
      `handlers (${handlerIds.join(', ')}) do not match the spec's operations (roles ${roles.join(', ')})`,
    );
  }
  return handlers;
}

function successMediaTypes(op: Operation): string[] {
  const success = op.responses.filter((r) => /^2/.test(r.status));
  return [...new Set(success.flatMap((r) => r.content.map((c) => c.mediaType)))];
}

function createPipeline(options: RequestHandlerOptions): Pipeline {
  const contract = options.contract ?? loadContract(options.specPath);
  return {
    contract,
    basePath: options.basePath ?? '',
    handlers: handlersFor(options, contract),
    route: createRouter(contract),
    authenticate: createAuthenticator(contract, options.apiKey),
    available: new Map(contract.operations.map((op) => [op, successMediaTypes(op)])),
  };
}

/** The path below the base path; `404` for a path outside it. */
function localPath(path: string, basePath: string): string {
  if (basePath === '') return path;
  if (path.startsWith(`${basePath}/`)) return path.slice(basePath.length);
  throw new HttpError('not-found', 'No resource at this path.');
}

/** The negotiated media type (undefined for an operation without a success body); `406` when none is acceptable. */
function negotiateMediaType(req: IncomingMessage, offered: readonly string[]): string | undefined {
  if (offered.length === 0) return undefined;
  const mediaType = negotiate(req.headers.accept, offered);
  if (mediaType === undefined) {
    throw new HttpError('not-acceptable', `Acceptable media types are: ${offered.join(', ')}.`);
  }
  return mediaType;
}

/** Whether the media type's schema is HAL (declares `_links`). */
function isHal(op: Operation, mediaType: string | undefined): boolean {
  if (mediaType === undefined) return false;
  const media = op.responses.flatMap((r) => r.content).find((c) => c.mediaType === mediaType);
  const properties = media?.resolvedSchema['properties'];
  return typeof properties === 'object' && properties !== null && '_links' in properties;
}

/** The operation's reply on the wire, in the negotiated media type. */
function encodeReply(contract: Contract, op: Operation, reply: HandlerReply, mediaType: string | undefined): WireReply {
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...reply.headers };
  if (reply.value === undefined) return { status: reply.status, headers, body: '' };
  const response = op.responses.find((r) => r.status === String(reply.status));
  const media = response?.content.find((c) => c.mediaType === mediaType);
  if (!response || !media) {
    throw new Error(`${op.operationId} answered ${reply.status} ${mediaType ?? ''}, undocumented`);
  }
  headers['content-type'] = contentTypeFor(media.mediaType);
  return { status: reply.status, headers, body: encodeBody(reply.value, media, response, contract) };
}

/** The spec's order of checks: Host, route (404/405), auth, path, existence, query, negotiation, body; then the operation. */
async function answer(
  p: Pipeline,
  req: IncomingMessage,
  res: ServerResponse,
  target: { path: string; query: URLSearchParams },
  onRoute: (template: string) => void,
): Promise<WireReply> {
  checkHost(req);
  const { op, params } = p.route((req.method ?? 'GET').toUpperCase(), localPath(target.path, p.basePath));
  onRoute(op.pathTemplate);
  const handler = p.handlers[op.role ?? ''];
  if (!handler) throw new Error(`no handler for ${op.operationId} (x-role ${op.role ?? 'missing'})`);
  if (op.security) p.authenticate(req);
  validateParams(op, 'path', params);
  const loaded = await handler.load(params);
  let query = validateParams(op, 'query', target.query);
  if (handler.checkQuery) query = handler.checkQuery(query, loaded);
  const mediaType = negotiateMediaType(req, p.available.get(op) ?? []);
  const body = op.requestBody ? await readJsonBody(req, res, op.requestBody) : undefined;
  const reply = await handler.handle({ loaded, query, body, hal: isHal(op, mediaType) });
  return encodeReply(p.contract, op, reply, mediaType);
}

/**
 * Creates the server's request listener: routes by the contract, applies the spec's order of checks, runs the
 * operation, encodes the negotiated representation, and answers every failure through one problem writer.
 */
export function createRequestHandler(options: RequestHandlerOptions): RequestHandler {
  const pipeline = createPipeline(options);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const problemReply = createProblemReply(pipeline.contract);
  return (req, res) => {
    const traceId = traceIdFor(req.headers.traceparent);
    const logState = logOnClose(req, res, traceId, log);
    const target = splitTarget(req.url ?? '/');
    const onRoute = (template: string) => {
      logState.route = pipeline.basePath + template;
    };
    answer(pipeline, req, res, target, onRoute)
      .then((reply) => sendReply(res, reply))
      .catch((err: unknown) => {
        // Only the error's class and message reach the log: neither a request header nor a key is in them.
        if (!(err instanceof HttpError)) {
          logState.failure = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        }
        if (res.headersSent) {
          res.destroy();
          return;
        }
        sendReply(res, problemReply(err, uriReference(target.path), traceId));
      })
      .catch(() => res.destroy());
  };
}
