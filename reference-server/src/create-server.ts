import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, STATUS_CODES, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadContract, type Contract } from '../../spec/lib/index.js';
import { MemoryStore } from './memory-store.js';
import { createObjectIdGenerator } from './object-id.js';
import { createProblemReply } from './problem-reply.js';
import { HttpError } from './http-error.js';
import { createRequestHandler, type RequestHandler } from './request-handler.js';
import { markAwaitingContinue } from './request-body.js';
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
  /** Graceful: stops accepting, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

// Deliberate timeouts (node:http defaults are 60 s / 300 s / 5 s): a client gets 10 s to send its headers and
// 30 s for the whole request (bodies are at most a few KiB), which bounds what a slow-loris client can hold; an
// idle keep-alive connection is closed after 5 s, below the usual 60 s of proxies and load balancers, so the
// server, not the client's pool, closes it and a reused socket is not reset under a request.
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

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
  const endpointIds = options.endpointIds && options.endpointIds.length > 0 ? [...new Set(options.endpointIds)] : [newId()];
  const endpointParams = contract.operations.flatMap((op) => op.parameters.filter((p) => p.in === 'path' && p.name === 'endpointId'));
  for (const id of endpointIds) {
    const bad = endpointParams.find((p) => !p.validate(id));
    if (bad) throw new ServeOptionError(`endpoint id "${id}" is invalid: ${bad.validate.errors?.map((e) => e.message).join('; ')}`);
  }
  for (const id of endpointIds) await store.ensureEndpoint(id);

  const base = createRequestHandler({ contract, store, apiKey, basePath, clock, log: options.log, newId });
  const handler = options.wrapHandler ? options.wrapHandler(base, contract) : base;
  const server = createHttpServer({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS }, handler);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Instead of node's automatic `100 Continue`: the handler sends it only when it starts reading the body.
  server.on('checkContinue', (req, res) => {
    markAwaitingContinue(req);
    handler(req, res);
  });

  // A request node:http cannot parse never reaches the handler; answer it with a problem too (and close).
  const problemReply = createProblemReply(contract);
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (err as { code?: string }).code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const code = (err as { code?: string }).code;
    const why =
      code === 'HPE_HEADER_OVERFLOW'
        ? 'The request line and headers are larger than the server accepts.'
        : code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 'The request did not arrive in time.'
          : 'The request is not valid HTTP/1.1.';
    const reply = problemReply(new HttpError('invalid-request', why, {
      errors: [{ in: 'header', name: '', message: 'could not be parsed' }],
    }), '/', randomBytes(16).toString('hex'));
    // Written by hand because no ServerResponse exists for a request that could not be parsed; the same headers
    // as every other problem (content type, no-store), and the connection closes.
    const headers = { ...reply.headers, 'content-length': String(Buffer.byteLength(reply.body)), connection: 'close' };
    const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    socket.end(`HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? 'Error'}\r\n${head}\r\n${reply.body}`);
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
        // server.close stops accepting, closes idle keep-alive sockets and waits for in-flight requests.
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
