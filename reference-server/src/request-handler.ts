import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  contentTypeFor,
  encodeBody,
  loadContract,
  negotiate,
  type Contract,
  type MediaTypeSpec,
  type Operation,
  type ResponseSpec,
} from '../../contract/src/index.js';
import { createAuthenticator } from './authenticate.js';
import { boundedCache } from './bounded-cache.js';
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

/** How one documented response is written in one media type. */
interface Encoding {
  media: MediaTypeSpec;
  response: ResponseSpec;
  contentType: string;
}

/** What answering one operation needs, derived from the spec once at start rather than per request. */
interface OperationPlan {
  handler: OperationHandler;
  /** The negotiated media type per Accept value (undefined: 406); the offered types are its success media types. */
  negotiate: (accept: string | undefined) => string | undefined;
  offered: readonly string[];
  /** The media types whose schema is HAL (declares `_links`). */
  hal: ReadonlySet<string>;
  /** By `status mediaType`. */
  encodings: ReadonlyMap<string, Encoding>;
}

/** What answering a request needs, built once from the options. */
interface Pipeline {
  contract: Contract;
  basePath: string;
  route: (method: string, path: string) => Routed;
  authenticate: (req: IncomingMessage) => void;
  plans: Map<Operation, OperationPlan>;
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

/** The success responses' media types, in document order: the ones the spec negotiates over. */
function successMediaTypes(op: Operation): string[] {
  const success = op.responses.filter((r) => /^2/.test(r.status));
  return [...new Set(success.flatMap((r) => r.content.map((c) => c.mediaType)))];
}

/** Whether a media type's schema is HAL (declares `_links`). */
function isHal(media: MediaTypeSpec): boolean {
  const properties = media.resolvedSchema['properties'];
  return typeof properties === 'object' && properties !== null && '_links' in properties;
}

function planOf(op: Operation, handler: OperationHandler): OperationPlan {
  const offered = successMediaTypes(op);
  const hal = new Set<string>();
  const seen = new Set<string>();
  const encodings = new Map<string, Encoding>();
  for (const response of op.responses) {
    for (const media of response.content) {
      // A media type's first documented schema decides whether it is HAL.
      if (!seen.has(media.mediaType) && isHal(media)) hal.add(media.mediaType);
      seen.add(media.mediaType);
      const key = `${response.status} ${media.mediaType}`;
      if (!encodings.has(key)) encodings.set(key, { media, response, contentType: contentTypeFor(media.mediaType) });
    }
  }
  const negotiated = boundedCache((accept) => negotiate(accept, offered));
  return {
    handler,
    offered,
    negotiate: (accept) => (accept === undefined ? negotiate(undefined, offered) : negotiated(accept)),
    hal,
    encodings,
  };
}

function createPipeline(options: RequestHandlerOptions): Pipeline {
  const contract = options.contract ?? loadContract(options.specPath);
  const handlers = handlersFor(options, contract);
  const plans = new Map<Operation, OperationPlan>();
  for (const op of contract.operations) {
    const handler = handlers[op.role ?? ''];
    if (!handler) throw new Error(`no handler for ${op.operationId} (x-role ${op.role ?? 'missing'})`);
    plans.set(op, planOf(op, handler));
  }
  return {
    contract,
    basePath: options.basePath ?? '',
    route: createRouter(contract),
    authenticate: createAuthenticator(contract, options.apiKey),
    plans,
  };
}

/** The path below the base path; `404` for a path outside it. */
function localPath(path: string, basePath: string): string {
  if (basePath === '') return path;
  if (path.startsWith(`${basePath}/`)) return path.slice(basePath.length);
  throw new HttpError('not-found', 'No resource at this path.');
}

/** The negotiated media type (undefined for an operation without a success body); `406` when none is acceptable. */
function negotiateMediaType(req: IncomingMessage, plan: OperationPlan): string | undefined {
  if (plan.offered.length === 0) return undefined;
  const mediaType = plan.negotiate(req.headers.accept);
  if (mediaType === undefined) {
    throw new HttpError('not-acceptable', `Acceptable media types are: ${plan.offered.join(', ')}.`);
  }
  return mediaType;
}

/** The operation's reply on the wire, in the negotiated media type. */
function encodeReply(
  contract: Contract,
  op: Operation,
  plan: OperationPlan,
  reply: HandlerReply,
  mediaType: string | undefined,
): WireReply {
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...reply.headers };
  if (reply.value === undefined) return { status: reply.status, headers, body: '' };
  const encoding = plan.encodings.get(`${reply.status} ${mediaType}`);
  if (!encoding) throw new Error(`${op.operationId} answered ${reply.status} ${mediaType ?? ''}, undocumented`);
  headers['content-type'] = encoding.contentType;
  return { status: reply.status, headers, body: encodeBody(reply.value, encoding.media, encoding.response, contract) };
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
  const plan = p.plans.get(op);
  if (!plan) throw new Error(`no handler for ${op.operationId}`);
  const { handler } = plan;
  if (op.security) p.authenticate(req);
  validateParams(op, 'path', params);
  const loaded = await handler.load(params);
  let query = validateParams(op, 'query', target.query);
  if (handler.checkQuery) query = handler.checkQuery(query, loaded);
  const mediaType = negotiateMediaType(req, plan);
  const body = op.requestBody ? await readJsonBody(req, res, op.requestBody) : undefined;
  const reply = await handler.handle({ loaded, query, body, hal: mediaType !== undefined && plan.hal.has(mediaType) });
  return encodeReply(p.contract, op, plan, reply, mediaType);
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
