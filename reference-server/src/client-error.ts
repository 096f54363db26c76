import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Connections } from './connections.js';
import { HttpError } from './http-error.js';
import type { WireReply } from './problem-reply.js';
import { failRequestBody } from './request-body.js';

/** The problem for a request node:http could not parse (it closes the connection). */
function clientErrorProblem(code: string | undefined): HttpError {
  if (code === 'HPE_HEADER_OVERFLOW') {
    // 400, not 431: the spec allows both, and 400 is documented for every operation.
    return new HttpError('invalid-request', 'The request line and headers are larger than the server accepts.', {
      errors: [{ in: 'header', name: '', message: 'is too large' }],
      closeConnection: true,
    });
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return new HttpError('request-timeout', 'The request did not arrive in time.', { closeConnection: true });
  }
  return new HttpError('invalid-request', 'The request is not valid HTTP/1.1.', {
    errors: [{ in: 'header', name: '', message: 'could not be parsed' }],
    closeConnection: true,
  });
}

/** Written by hand because no ServerResponse exists for a request that could not be parsed; the connection closes. */
function writeRawReply(socket: Duplex, reply: WireReply): void {
  // The same headers as every other problem (content type, no-store).
  const headers = { ...reply.headers, 'content-length': String(Buffer.byteLength(reply.body)), connection: 'close' };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(`HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? 'Error'}\r\n${head}\r\n${reply.body}`);
}

function logClientError(log: (line: string) => void, status: number, traceId: string, code: string | undefined): void {
  try {
    log(
      JSON.stringify({
        time: new Date().toISOString(),
        method: null,
        route: null,
        status,
        durationMs: 0,
        traceId,
        error: code ?? 'clientError',
      }),
    );
  } catch {
    // A failing log sink must not take the server down with it.
  }
}

/**
 * A `clientError` listener: a request node:http cannot parse never reaches the handler; it is answered with a problem
 * too (and the connection closed), after the responses to the requests before it on the connection (pipelining,
 * RFC 9112 §9.3.2), never in their place.
 */
export function createClientErrorListener(
  connections: Connections,
  problemReply: (err: unknown, instance: string, traceId: string) => WireReply,
  log: (line: string) => void,
): (err: NodeJS.ErrnoException, socket: Duplex) => void {
  return (err, socket) => {
    const conn = connections.of(socket);
    const code = err.code;
    if (conn.errored) return;
    conn.errored = true;
    if (!socket.writable || code === 'ECONNRESET' || code === 'EPIPE') {
      socket.destroy();
      return;
    }
    const error = clientErrorProblem(code);
    // The error is in the body of a request the handler already has (a stalled body, a bad chunk size): that
    // request is the one refused, by its handler, with its path as `instance`; then the connection closes.
    const pending = conn.last && !conn.last.req.complete ? conn.last : undefined;
    if (pending) {
      if (!pending.res.headersSent) {
        pending.res.shouldKeepAlive = false;
        failRequestBody(pending.req, error);
      } else {
        connections.afterEarlierResponses(conn, () => socket.destroy());
      }
      return;
    }
    connections.afterEarlierResponses(conn, () => {
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      const traceId = randomBytes(16).toString('hex');
      const reply = problemReply(error, '/', traceId);
      logClientError(log, reply.status, traceId, code);
      writeRawReply(socket, reply);
    });
  };
}
