import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls, rootCertificates } from 'node:tls';
import { decodeContent } from './content-coding.js';

/** One response read off the wire (header names lower case; a repeated field's values joined with ", "). */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as UTF-8 text (replacement characters where it is not), its content codings undone. */
  body: string;
  /** Why the body could not be read (a content coding that does not decode, or one the kit does not know). */
  undecodable?: string;
}

/** How a raw exchange ended. */
export type RawEnding =
  /** The server closed the connection (FIN), after the responses listed. */
  | 'closed'
  /** The connection broke (reset) after the responses listed. */
  | 'reset'
  /** Still open when the kit stopped waiting: the responses it waited for arrived and no close was asked for. */
  | 'open'
  /** Still open, and nothing more arrived, when the time the kit waits ran out. */
  | 'timeout'
  /** No connection was made (or the TLS handshake failed): nothing was sent. */
  | 'failed'
  /** More than `maxBytes` arrived: reading stopped (what arrived is not judged). */
  | 'overflow';

export interface RawResult {
  responses: RawResponse[];
  ending: RawEnding;
  /** Milliseconds from sending to the ending. */
  elapsedMs: number;
  /** Bytes received that were not a complete response (a response cut off by the close, or not HTTP at all). */
  trailing: number;
  /** The socket's error when the connection could not be made or broke. */
  error?: string;
}

export interface RawSendOptions {
  target: URL;
  /** PEM certificates trusted on top of Node's (`--ca`). */
  ca: string | undefined;
  /** The whole message(s), exactly as written to the socket. */
  bytes: Buffer;
  /** Stop (and report `open`) once this many responses arrived, unless `awaitClose`. */
  responses: number;
  /** After `responses` responses, wait this long for the server to close; `open` if it does not. */
  awaitCloseMs: number | undefined;
  /** Bounds the whole exchange (connect, answer and close): `timeout` when nothing more happened by then. */
  timeoutMs: number;
  /** Reading stops past this many bytes (`overflow`): a target that streams without end costs no more. */
  maxBytes: number;
}

/** Status codes whose responses have no content (RFC 9112 §6.3 items 1–2; the kit never sends HEAD raw). */
const NO_CONTENT = (status: number): boolean => (status >= 100 && status < 200) || status === 204 || status === 304;

const CRLF = Buffer.from('\r\n');
/** Decoded content per response when the caller sets no bound (a decompression bomb stops there). */
const DEFAULT_DECODED_BYTES = 1 << 20;
const HEADER_END = Buffer.from('\r\n\r\n');

/** Chunked content from `at` (RFC 9112 §7.1): the body and where it ends, or undefined when not all has arrived. */
function readChunked(buf: Buffer, at: number): { body: Buffer; end: number } | undefined | 'malformed' {
  const parts: Buffer[] = [];
  let pos = at;
  for (;;) {
    const lineEnd = buf.indexOf(CRLF, pos);
    if (lineEnd < 0) return undefined;
    const sizeText = buf.toString('latin1', pos, lineEnd).split(';')[0]!.trim();
    // chunk-size = 1*HEXDIG, any number of digits (RFC 9112 §7.1): leading zeros are fine.
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) return 'malformed';
    const size = parseInt(sizeText, 16);
    // A size beyond any buffer: the rest never fits, so the response stays incomplete (overflow or timeout).
    if (!Number.isSafeInteger(size)) return undefined;
    pos = lineEnd + 2;
    if (size === 0) {
      // Trailer section: field lines up to an empty line.
      for (;;) {
        const end = buf.indexOf(CRLF, pos);
        if (end < 0) return undefined;
        if (end === pos) return { body: Buffer.concat(parts), end: end + 2 };
        pos = end + 2;
      }
    }
    if (buf.length < pos + size + 2) return undefined;
    parts.push(buf.subarray(pos, pos + size));
    pos += size + 2;
  }
}

/**
 * The complete responses at the start of `buf`, in order, and how many bytes they took. With `closed`, a response
 * framed by the close (no Content-Length, not chunked: RFC 9112 §6.3 item 8) ends at the end of the data.
 */
export function parseResponses(
  buf: Buffer,
  closed: boolean,
  maxDecodedBytes: number = DEFAULT_DECODED_BYTES,
): { responses: RawResponse[]; used: number } {
  const responses: RawResponse[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const headEnd = buf.indexOf(HEADER_END, pos);
    if (headEnd < 0) break;
    const lines = buf.toString('latin1', pos, headEnd).split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0] ?? '');
    if (!m) break;
    const status = Number(m[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8');
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    const bodyStart = headEnd + 4;
    let body: Buffer;
    let end: number;
    if (NO_CONTENT(status)) {
      body = Buffer.alloc(0);
      end = bodyStart;
    } else if (/(^|,)\s*chunked\s*$/i.test(headers['transfer-encoding'] ?? '')) {
      const chunked = readChunked(buf, bodyStart);
      if (chunked === undefined || chunked === 'malformed') break;
      ({ body, end } = chunked);
    } else if (headers['content-length'] !== undefined && /^\d+$/.test(headers['content-length'])) {
      end = bodyStart + Number(headers['content-length']);
      if (buf.length < end) break;
      body = buf.subarray(bodyStart, end);
    } else {
      if (!closed) break;
      body = buf.subarray(bodyStart);
      end = buf.length;
    }
    // An interim response (1xx) is not the answer to the request (RFC 9110 §15.2).
    if (status >= 200) responses.push(decoded(status, headers, body, maxDecodedBytes));
    pos = end;
  }
  return { responses, used: pos };
}

/** A response with its body's content codings undone (see decodeContent). */
function decoded(status: number, headers: Record<string, string>, body: Buffer, maxBytes: number): RawResponse {
  const coding = headers['content-encoding'];
  if (coding === undefined || body.length === 0) return { status, headers, body: body.toString('utf8') };
  const out = decodeContent(body, coding, maxBytes);
  return 'error' in out
    ? { status, headers, body: '', undecodable: out.error }
    : { status, headers, body: out.body.toString('utf8') };
}

/** A socket to the target: TCP, or TLS for an https target (Node's CAs plus `--ca`, the host's name checked). */
function open(target: URL, ca: string | undefined): Socket {
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (target.protocol === 'https:') {
    return connectTls({
      host,
      port: Number(target.port || 443),
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ...(ca === undefined ? {} : { ca: [...rootCertificates, ca] }),
      ALPNProtocols: ['http/1.1'],
    });
  }
  return connectTcp({ host, port: Number(target.port || 80) });
}

/**
 * Writes `bytes` on a new connection and reads what comes back: responses in order, and whether and when the server
 * closed. Bounded by `timeoutMs` whatever the target does; never rejects (a failed connection is its `error`).
 */
export function sendRaw(options: RawSendOptions): Promise<RawResult> {
  const { target, ca, bytes, responses: wanted, awaitCloseMs, timeoutMs, maxBytes } = options;
  const t0 = Date.now();
  return new Promise((resolve) => {
    const socket = open(target, ca);
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    let closeTimer: NodeJS.Timeout | undefined;
    const finish = (ending: RawEnding, closed: boolean, error?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(closeTimer);
      socket.destroy();
      const data = Buffer.concat(chunks);
      const { responses, used } = parseResponses(data, closed, maxBytes);
      resolve({
        responses,
        ending,
        elapsedMs: Date.now() - t0,
        trailing: data.length - used,
        ...(error === undefined ? {} : { error }),
      });
    };
    const timer = setTimeout(() => finish('timeout', false), timeoutMs);
    let connected = false;
    socket.on(target.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      connected = true;
      socket.write(bytes);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received > maxBytes) {
        finish('overflow', false);
        return;
      }
      if (closeTimer !== undefined) return;
      const { responses } = parseResponses(Buffer.concat(chunks), false, maxBytes);
      if (responses.length < wanted) return;
      if (awaitCloseMs === undefined) finish('open', false);
      else closeTimer = setTimeout(() => finish('open', false), awaitCloseMs);
    });
    socket.on('end', () => finish('closed', true));
    socket.on('close', () => finish(connected ? 'closed' : 'failed', connected));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      finish(connected ? 'reset' : 'failed', connected, `${e.code ?? e.name}: ${e.message}`);
    });
  });
}
