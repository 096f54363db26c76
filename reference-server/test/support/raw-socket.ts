import { connect, type Socket } from 'node:net';

/** One HTTP/1.1 response as read off the wire. */
export interface WireResponse {
  status: number;
  /** Header names in lower case; a repeated header keeps its last value. */
  headers: Record<string, string>;
  body: string;
  /** The raw bytes of the whole response (head and body), latin1. */
  raw: string;
}

export interface RawConversation {
  /** Final (non-1xx) responses, in the order they arrived. */
  responses: WireResponse[];
  /** Whether the server closed (or reset) the connection before `waitMs` ran out. */
  closed: boolean;
  /** Bytes after the last complete response (a truncated or unparsable one), latin1. */
  trailing: string;
  /** Milliseconds from the first byte sent to the close (or to the end of the wait). */
  elapsedMs: number;
  /** Every byte received, latin1. */
  raw: string;
}

export interface RawSendOptions {
  /** Stop once this many final responses arrived; default: wait for the close or `waitMs`. */
  responses?: number | undefined;
  /** Give up after this long (the connection is then destroyed by the client); default 5000. */
  waitMs?: number | undefined;
  /** The methods of the requests sent, in order: a response to HEAD has no body. Default: none is HEAD. */
  methods?: string[] | undefined;
}

/**
 * Parses as many complete responses as `data` holds. A response without Content-Length or chunked framing runs
 * to the end of the connection, so it is complete only when `closed`.
 */
export function parseResponses(
  data: Buffer,
  closed: boolean,
  methods: string[] = [],
): { responses: WireResponse[]; rest: Buffer } {
  const responses: WireResponse[] = [];
  let rest = data;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const lines = rest.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0]!)?.[1] ?? NaN);
    if (Number.isNaN(status)) break;
    const headers: Record<string, string> = {};
    for (const l of lines.slice(1))
      headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
    let bodyEnd: number;
    let body: Buffer;
    const start = end + 4;
    if (status < 200) {
      rest = rest.subarray(start);
      continue;
    }
    // A response to HEAD has no body, except the one a server writes for a request it could not parse (it does
    // not know the method): a body then follows, not the next status line.
    const length = Number(headers['content-length'] ?? 0);
    const isHead =
      methods[responses.length]?.toUpperCase() === 'HEAD' &&
      !(length > 0 && rest.length >= start + length && !rest.subarray(start, start + 5).equals(Buffer.from('HTTP/')));
    if (isHead || status === 204 || status === 304) {
      bodyEnd = start;
      body = Buffer.alloc(0);
    } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const parts: Buffer[] = [];
      let at = start;
      let done = false;
      for (;;) {
        const lineEnd = rest.indexOf('\r\n', at);
        if (lineEnd < 0) break;
        const size = parseInt(rest.subarray(at, lineEnd).toString('latin1'), 16);
        if (Number.isNaN(size)) break;
        if (size === 0) {
          const trailerEnd = rest.indexOf('\r\n\r\n', lineEnd);
          if (rest.subarray(lineEnd, lineEnd + 4).toString() === '\r\n\r\n') {
            at = lineEnd + 4;
            done = true;
          } else if (trailerEnd >= 0) {
            at = trailerEnd + 4;
            done = true;
          }
          break;
        }
        if (rest.length < lineEnd + 2 + size + 2) break;
        parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      if (!done) break;
      bodyEnd = at;
      body = Buffer.concat(parts);
    } else if (headers['content-length'] !== undefined) {
      bodyEnd = start + Number(headers['content-length']);
      if (rest.length < bodyEnd) break;
      body = rest.subarray(start, bodyEnd);
    } else {
      if (!closed) break;
      bodyEnd = rest.length;
      body = rest.subarray(start);
    }
    responses.push({ status, headers, body: body.toString('utf8'), raw: rest.subarray(0, bodyEnd).toString('latin1') });
    rest = rest.subarray(bodyEnd);
  }
  return { responses, rest };
}

/** Opens a connection to `baseUrl`'s host and port. */
export function openSocket(baseUrl: string): Promise<Socket> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Collects what the server sends on `socket` until `responses` final responses arrived, the close, or `waitMs`. */
export function collect(
  socket: Socket,
  options: RawSendOptions = {},
  startedAt = performance.now(),
): Promise<RawConversation> {
  const waitMs = options.waitMs ?? 5000;
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const { responses, rest } = parseResponses(data, closed, options.methods);
      socket.destroy();
      resolve({
        responses,
        closed,
        trailing: rest.toString('latin1'),
        elapsedMs: performance.now() - startedAt,
        raw: data.toString('latin1'),
      });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (
        options.responses !== undefined &&
        parseResponses(data, false, options.methods).responses.length >= options.responses
      )
        finish(false);
    });
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
  });
}

/** Writes `bytes` in one write on a fresh connection and collects the answer (see {@link collect}). */
export async function rawSend(
  baseUrl: string,
  bytes: string | Buffer,
  options: RawSendOptions = {},
): Promise<RawConversation> {
  const socket = await openSocket(baseUrl);
  const startedAt = performance.now();
  const conversation = collect(socket, options, startedAt);
  socket.write(bytes);
  return conversation;
}
