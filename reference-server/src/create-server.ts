import { createServer as createHttpServer, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { loadContract, type Contract } from '../../contract/src/index.js';
import { createClientErrorListener } from './client-error.js';
import { Connections } from './connections.js';
import { MemoryStore } from './memory-store.js';
import { createObjectIdGenerator } from './object-id.js';
import { createProblemReply } from './problem-reply.js';
import { createRequestHandler, type RequestHandler } from './request-handler.js';
import { markAwaitingContinue } from './request-body.js';
import { apiKeyOption, endpointIdsOption, normaliseBasePath } from './serve-options.js';
import type { Store } from './store.js';

export interface ServeOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string | undefined;
  /** Port; default 0 (any free port). */
  port?: number | undefined;
  /** The X-API-Key value; default: generated (32 random bytes, hex). */
  apiKey?: string | undefined;
  /** The Endpoints that exist; default: one generated id. */
  endpointIds?: string[] | undefined;
  /** Prefix of every route, e.g. '/new' serves /new/v2.0/…; default ''. */
  basePath?: string | undefined;
  /** Default: a fresh MemoryStore. */
  store?: Store | undefined;
  /** Milliseconds since the epoch; default Date.now. */
  clock?: (() => number) | undefined;
  /** One JSON line per request; default stderr. */
  log?: ((line: string) => void) | undefined;
  /** The OpenAPI document to serve; default the bundled spec. */
  specPath?: string | undefined;
  /** The contract to serve, already loaded (e.g. by a worker that got ready ahead of time); default: from `specPath`. */
  contract?: Contract | undefined;
  /** Wraps the request listener (e.g. a test gallery of faulty implementations); default none. */
  wrapHandler?: ((handler: RequestHandler, contract: Contract) => RequestHandler) | undefined;
  /** Time limits in milliseconds (tests shorten them); defaults headers 10 000, request 30 000, keep-alive 5 000, shutdown grace 5 000. */
  timeouts?: ServerTimeouts | undefined;
}

export interface ServerTimeouts {
  /** From the first byte of a request to the end of its header section; past it: `408`, connection closed. */
  headersMs?: number | undefined;
  /** From the first byte of a request to the end of its body; past it: `408` naming the path, connection closed. */
  requestMs?: number | undefined;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs?: number | undefined;
  /** close(): how long in-flight requests may still take before every remaining connection is destroyed. */
  shutdownGraceMs?: number | undefined;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:43121, plus the basePath. */
  url: string;
  apiKey: string;
  endpointIds: string[];
  store: Store;
  /** The contract the server was built from. */
  contract: Contract;
  /** The underlying node:http server. */
  server: Server;
  /**
   * Graceful, and bounded: stops accepting, closes idle connections and those holding a partial request, lets
   * in-flight requests finish (their connections close after the response) for at most the shutdown grace
   * (default 5 s), then destroys whatever is left, and resolves.
   */
  close(): Promise<void>;
}

// Deliberate timeouts (node:http defaults are 60 s / 300 s / 5 s): a client gets 10 s to send its headers and
// 30 s for the whole request (bodies are at most a few KiB), which bounds what a slow-loris client can hold; an
// idle keep-alive connection is closed after 5 s, below the usual 60 s of proxies and load balancers, so the
// server, not the client's pool, closes it and a reused socket is not reset under a request. node:http checks the
// header and request timeouts every `connectionsCheckingInterval` (default 30 s, so a 10 s limit fired at up to
// 40 s): the check runs every 500 ms here, so each limit holds within 1 s. On close, in-flight requests get 5 s.
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
const SHUTDOWN_GRACE_MS = 5_000;
const MAX_CHECK_INTERVAL_MS = 500;

function createNodeServer(timeouts: ServerTimeouts): Server {
  const headersTimeout = timeouts.headersMs ?? HEADERS_TIMEOUT_MS;
  const server = createHttpServer({
    headersTimeout,
    requestTimeout: timeouts.requestMs ?? REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: Math.max(10, Math.min(MAX_CHECK_INTERVAL_MS, Math.floor(headersTimeout / 4))),
    // RFC 9112 §3.2 is checked by the handler, which answers a problem (node:http would send a bare 400).
    requireHostHeader: false,
  });
  server.keepAliveTimeout = timeouts.keepAliveMs ?? KEEP_ALIVE_TIMEOUT_MS;
  return server;
}

/**
 * CONNECT (RFC 9110 §9.3.6) is for proxies; node:http hands over the raw socket (and closes it when nobody listens).
 * Answer it like any request (405 with Allow on a route's path, else 404), then close the connection. Pipelined after
 * requests still being answered, the CONNECT waits its turn (RFC 9112 §9.3.2): the socket belongs to their responses
 * until they finish (the fuzz test found a create followed by a CONNECT).
 */
function answerConnect(connections: Connections, serve: RequestHandler, req: IncomingMessage, socket: Duplex): void {
  socket.on('error', () => socket.destroy());
  connections.afterEarlierResponses(connections.of(socket), () => {
    if (socket.destroyed) return;
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    try {
      res.assignSocket(socket as Socket);
    } catch {
      socket.destroy();
      return;
    }
    res.once('finish', () => socket.end());
    serve(req, res);
  });
}

/** Routes node:http's events to the handler: requests, `Expect`, CONNECT and unparsable requests. */
function listenForRequests(server: Server, handler: RequestHandler, contract: Contract, log: (line: string) => void) {
  const connections = new Connections(server);
  /** Every request goes through here: its response is tracked until written, in order with its connection's. */
  const serve: RequestHandler = (req, res) => {
    connections.track(req, res);
    handler(req, res);
  };
  server.on('request', serve);
  // Instead of node's automatic `100 Continue`: the handler sends it only when it starts reading the body.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    markAwaitingContinue(req);
    serve(req, res);
  });
  // RFC 9110 §10.1.1: an expectation other than 100-continue MAY be refused with 417; this server ignores it and
  // answers the request as usual (node:http would send a bare 417 before authentication).
  server.on('checkExpectation', serve);
  server.on('connect', (req: IncomingMessage, socket: Duplex) => answerConnect(connections, serve, req, socket));
  server.on('clientError', createClientErrorListener(connections, createProblemReply(contract), log));
  return connections;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Graceful, bounded close. server.close stops accepting and closes idle keep-alive sockets; it also stops node's
 * timeout checks, so a connection holding a partial request would be kept forever: close those (no request of theirs
 * reached the handler), let in-flight requests finish (their connections close after the response), and destroy
 * whatever is left after the grace period.
 */
function closeGracefully(server: Server, connections: Connections, graceMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const grace = setTimeout(() => connections.destroyAll(), graceMs);
    grace.unref();
    server.close((err) => {
      clearTimeout(grace);
      if (err) reject(err);
      else resolve();
    });
    server.closeIdleConnections();
    connections.shutDown();
  });
}

function urlOf(server: Server, basePath: string): string {
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}${basePath}`;
}

/**
 * Starts the reference server. Requests are validated with the validators compiled from the spec at start;
 * every answer follows the spec's order of checks. Resolves once it listens.
 */
export async function createServer(options: ServeOptions = {}): Promise<RunningServer> {
  const contract = options.contract ?? loadContract(options.specPath);
  const clock = options.clock ?? Date.now;
  const basePath = normaliseBasePath(options.basePath ?? '');
  const store = options.store ?? new MemoryStore();
  const apiKey = apiKeyOption(options.apiKey);
  const newId = createObjectIdGenerator(clock);
  const endpointIds = endpointIdsOption(options.endpointIds, contract, newId);
  for (const id of endpointIds) await store.ensureEndpoint(id);

  const base = createRequestHandler({ contract, store, apiKey, basePath, clock, log: options.log, newId });
  const handler = options.wrapHandler ? options.wrapHandler(base, contract) : base;
  const timeouts = options.timeouts ?? {};
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const server = createNodeServer(timeouts);
  const connections = listenForRequests(server, handler, contract, log);
  await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  let closing: Promise<void> | undefined;
  return {
    url: urlOf(server, basePath),
    apiKey,
    endpointIds,
    store,
    contract,
    server,
    close() {
      closing ??= closeGracefully(server, connections, timeouts.shutdownGraceMs ?? SHUTDOWN_GRACE_MS);
      return closing;
    },
  };
}
