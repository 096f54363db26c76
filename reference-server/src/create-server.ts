import { randomBytes } from 'node:crypto';
import {
  createServer as createHttpServer,
  ServerResponse,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { loadContract, type Contract } from '../../contract/src/index.js';
import { MemoryStore } from './memory-store.js';
import { createObjectIdGenerator } from './object-id.js';
import { createProblemReply } from './problem-reply.js';
import { HttpError } from './http-error.js';
import { createRequestHandler, type RequestHandler } from './request-handler.js';
import { failRequestBody, markAwaitingContinue } from './request-body.js';
import { ServeOptionError } from './serve-option-error.js';
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

/** Per-connection bookkeeping: the responses not yet written, in request order, and the last request. */
interface Connection {
  /** Responses of requests read from this connection and not yet finished (pipelined ones queue in node:http). */
  inFlight: Set<ServerResponse>;
  /** The last request read from this connection, with its response. */
  last?: { req: IncomingMessage; res: ServerResponse } | undefined;
  /** Run once `inFlight` is empty (answers that must follow every earlier response). */
  whenIdle: (() => void)[];
  /** A client error was answered: node:http may report the same broken connection again. */
  errored: boolean;
}

function normaliseBasePath(basePath: string): string {
  if (basePath === '' || basePath === '/') return '';
  if (!/^\/[^?#\s]*[^/?#\s]$/.test(basePath)) {
    throw new ServeOptionError(`basePath must start with "/" and not end with "/", got "${basePath}"`);
  }
  return basePath;
}

/**
 * Starts the reference server. Requests are validated with the validators compiled from the spec at start;
 * every answer follows the spec's order of checks. Resolves once it listens.
 */
export async function createServer(options: ServeOptions = {}): Promise<RunningServer> {
  const contract = loadContract(options.specPath);
  const clock = options.clock ?? Date.now;
  const basePath = normaliseBasePath(options.basePath ?? '');
  const store = options.store ?? new MemoryStore();
  const apiKey = options.apiKey ?? randomBytes(32).toString('hex');
  if (apiKey === '' || !/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new ServeOptionError('apiKey must be non-empty visible ASCII (it travels in a header)');
  }
  const newId = createObjectIdGenerator(clock);
  const endpointIds =
    options.endpointIds && options.endpointIds.length > 0 ? [...new Set(options.endpointIds)] : [newId()];
  const endpointParams = contract.operations.flatMap((op) =>
    op.parameters.filter((p) => p.in === 'path' && p.name === 'endpointId'),
  );
  for (const id of endpointIds) {
    const bad = endpointParams.find((p) => !p.validate(id));
    if (bad)
      throw new ServeOptionError(
        `endpoint id "${id}" is invalid: ${bad.validate.errors?.map((e) => e.message).join('; ')}`,
      );
  }
  for (const id of endpointIds) await store.ensureEndpoint(id);

  const base = createRequestHandler({ contract, store, apiKey, basePath, clock, log: options.log, newId });
  const handler = options.wrapHandler ? options.wrapHandler(base, contract) : base;
  const timeouts = options.timeouts ?? {};
  const headersTimeout = timeouts.headersMs ?? HEADERS_TIMEOUT_MS;
  const requestTimeout = timeouts.requestMs ?? REQUEST_TIMEOUT_MS;
  const shutdownGrace = timeouts.shutdownGraceMs ?? SHUTDOWN_GRACE_MS;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const server = createHttpServer(
    {
      headersTimeout,
      requestTimeout,
      connectionsCheckingInterval: Math.max(10, Math.min(MAX_CHECK_INTERVAL_MS, Math.floor(headersTimeout / 4))),
      // RFC 9112 §3.2 is checked by the handler, which answers a problem (node:http would send a bare 400).
      requireHostHeader: false,
    },
    undefined,
  );
  server.keepAliveTimeout = timeouts.keepAliveMs ?? KEEP_ALIVE_TIMEOUT_MS;

  const connections = new Map<Duplex, Connection>();
  let shuttingDown = false;
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { inFlight: new Set(), whenIdle: [], errored: false });
    socket.once('close', () => connections.delete(socket));
  });
  const connectionOf = (socket: Duplex): Connection => {
    let c = connections.get(socket);
    if (!c) {
      c = { inFlight: new Set(), whenIdle: [], errored: false };
      connections.set(socket, c);
      socket.once('close', () => connections.delete(socket));
    }
    return c;
  };

  /** Every request goes through here: its response is tracked until written, in order with its connection's. */
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const conn = connectionOf(socket);
    conn.inFlight.add(res);
    conn.last = { req, res };
    if (shuttingDown) res.shouldKeepAlive = false;
    const done = () => {
      if (!conn.inFlight.delete(res) || conn.inFlight.size > 0) return;
      for (const run of conn.whenIdle.splice(0)) run();
      if (shuttingDown && !socket.destroyed) socket.end();
    };
    res.once('finish', done);
    res.once('close', done);
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
  // CONNECT (RFC 9110 §9.3.6) is for proxies; node:http hands over the raw socket (and closes it when nobody
  // listens). Answer it like any request (405 with Allow on a route's path, else 404), then close the connection.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    // Pipelined after requests still being answered, the CONNECT waits its turn (RFC 9112 §9.3.2): the socket
    // belongs to their responses until they finish (the fuzz test found a create followed by a CONNECT).
    const answer = () => {
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
    };
    const conn = connectionOf(socket);
    if (conn.inFlight.size === 0) answer();
    else conn.whenIdle.push(answer);
  });

  // A request node:http cannot parse never reaches the handler; answer it with a problem too (and close), after
  // the responses to the requests before it on the connection (pipelining, RFC 9112 §9.3.2), never in their place.
  const problemReply = createProblemReply(contract);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const conn = connectionOf(socket);
    const code = err.code;
    if (conn.errored) return;
    conn.errored = true;
    if (!socket.writable || code === 'ECONNRESET' || code === 'EPIPE') {
      socket.destroy();
      return;
    }
    const error =
      code === 'HPE_HEADER_OVERFLOW'
        ? // 400, not 431: the spec allows both, and 400 is documented for every operation.
          new HttpError('invalid-request', 'The request line and headers are larger than the server accepts.', {
            errors: [{ in: 'header', name: '', message: 'is too large' }],
            closeConnection: true,
          })
        : code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new HttpError('request-timeout', 'The request did not arrive in time.', { closeConnection: true })
          : new HttpError('invalid-request', 'The request is not valid HTTP/1.1.', {
              errors: [{ in: 'header', name: '', message: 'could not be parsed' }],
              closeConnection: true,
            });
    const afterEarlierResponses = (run: () => void) => {
      if (conn.inFlight.size === 0) run();
      else conn.whenIdle.push(run);
    };
    // The error is in the body of a request the handler already has (a stalled body, a bad chunk size): that
    // request is the one refused, by its handler, with its path as `instance`; then the connection closes.
    const pending = conn.last && !conn.last.req.complete ? conn.last : undefined;
    if (pending) {
      if (!pending.res.headersSent) {
        pending.res.shouldKeepAlive = false;
        failRequestBody(pending.req, error);
      } else {
        afterEarlierResponses(() => socket.destroy());
      }
      return;
    }
    afterEarlierResponses(() => {
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      const traceId = randomBytes(16).toString('hex');
      const reply = problemReply(error, '/', traceId);
      try {
        log(
          JSON.stringify({
            time: new Date().toISOString(),
            method: null,
            route: null,
            status: reply.status,
            durationMs: 0,
            traceId,
            error: code ?? 'clientError',
          }),
        );
      } catch {
        // A failing log sink must not take the server down with it.
      }
      // Written by hand because no ServerResponse exists for a request that could not be parsed; the same headers
      // as every other problem (content type, no-store), and the connection closes.
      const headers = {
        ...reply.headers,
        'content-length': String(Buffer.byteLength(reply.body)),
        connection: 'close',
      };
      const head = Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.end(`HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? 'Error'}\r\n${head}\r\n${reply.body}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}${basePath}`,
    apiKey,
    endpointIds,
    store,
    contract,
    server,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        shuttingDown = true;
        // server.close stops accepting and closes idle keep-alive sockets; it also stops node's timeout checks,
        // so a connection holding a partial request would be kept forever: close those (no request of theirs
        // reached the handler), let in-flight requests finish (their connections close after the response),
        // and destroy whatever is left after the grace period.
        const grace = setTimeout(() => {
          for (const socket of connections.keys()) socket.destroy();
        }, shutdownGrace);
        grace.unref();
        server.close((err) => {
          clearTimeout(grace);
          if (err) reject(err);
          else resolve();
        });
        server.closeIdleConnections();
        for (const [socket, conn] of connections) {
          if (conn.inFlight.size === 0) socket.destroy();
          else for (const res of conn.inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
        }
      });
      return closing;
    },
  };
}
