import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkResponse, type Contract } from '../../contract/src/index.js';
import type { Coverage } from './coverage.js';
import type { RunDispatcher } from './dispatcher.js';
import type { ExtraHeader } from './extra-header.js';
import { negotiationOf } from './negotiation-memo.js';
import type { RateGate } from './rate-gate.js';
import type { SecretTracker } from './secret-tracker.js';
import { throttleDecision, type RetryPolicy } from './throttle.js';
import { entitiesOf, isRedirect, type Exchange, type RawExchange, type RequestSpec } from './exchange.js';
import { decodeContent } from './content-coding.js';
import { sendRawExchange } from './raw-exchange.js';

/** Errors of a connection that broke before any response arrived (undici codes and socket errnos). */
const RETRIABLE = /^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)\b/;

export interface HttpClientOptions {
  target: URL;
  apiKey: string;
  contract: Contract;
  coverage: Coverage;
  secrets: SecretTracker;
  /**
   * Bounds every phase of an exchange: connecting, the response headers, each pause in the body, and the whole
   * exchange from sending to the body's last byte (an AbortSignal deadline).
   */
  timeoutMs: number;
  /** Reading stops (the body is destroyed) past this many bytes of one response body. */
  maxResponseBytes: number;
  /** Where requests go: undici's agent (with `--ca`, and the environment's proxy for a `--target`). */
  transport: RunDispatcher;
  /** PEM certificates trusted on top of Node's (`--ca`), for the raw messages' own connections. */
  ca: string | undefined;
  /** Added to every request unless the check sets that field itself (`--header`). */
  extraHeaders: readonly ExtraHeader[];
  /** Spaces every attempt out (`--rate`); undefined: no limit. */
  rate: RateGate | undefined;
  retry: RetryPolicy;
  /** The run's time limit (epoch ms): nothing is sent after it, and an exchange in flight is cut at it. */
  deadlineAt: number;
  /** `--max-time`, for messages. */
  maxTimeSeconds: number;
}

/** Of a response cut short, the start of the body kept for the report's excerpt (the rest is not decoded anyway). */
const INCOMPLETE_BODY_KEPT = 8 * 1024;

/** What reading one response found, for the inspection that follows. */
interface Received {
  /** undici's or the socket's error code, when the exchange failed. */
  code?: string;
  /** The response arrived (status and headers) but its body was cut short: over the limit, stalled, reset. */
  incomplete: boolean;
  /** The body's bytes are valid UTF-8 (every representation the spec documents is UTF-8). */
  utf8: boolean;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

/** The body as text, and whether its bytes are valid UTF-8 (invalid sequences become U+FFFD). */
function decodeUtf8(bytes: Buffer): { text: string; utf8: boolean } {
  try {
    return { text: utf8Strict.decode(bytes), utf8: true };
  } catch {
    return { text: utf8Lenient.decode(bytes), utf8: false };
  }
}

/** Raised through the request's AbortSignal when the whole exchange outlives the timeout. */
class DeadlineExceeded extends Error {
  readonly code = 'DEADLINE_EXCEEDED';
}

/** Raised through the request's AbortSignal when the run's time limit comes first. */
class RunDeadlineExceeded extends Error {
  readonly code = 'RUN_DEADLINE';
}

/** undici errors that mean the connection broke (reset, closed) while a response was being read. */
const BROKEN = /^(ECONNRESET|EPIPE|ECONNABORTED|UND_ERR_SOCKET|UND_ERR_CLOSED|UND_ERR_ABORTED|AbortError)\b/;

/**
 * The run's HTTP client: records every exchange, passes every response through checkResponse (with the media type its
 * Accept negotiates), feeds the coverage matrix, and registers every secret a response carries. Safe with many
 * requests in flight: the rate gate, retries and the time limit are per request.
 */
export class HttpClient {
  readonly exchanges: Exchange[] = [];
  /** The messages checks wrote to a socket themselves ({@link HttpClient.raw}), in the order sent. */
  readonly rawExchanges: RawExchange[] = [];
  private readonly prefix: string;
  private seq = 0;

  constructor(private readonly options: HttpClientOptions) {
    this.prefix = options.target.pathname.replace(/\/+$/, '');
  }

  /** The run's API key (for checks that derive wrong keys from it; never reported). */
  get apiKey(): string {
    return this.options.apiKey;
  }

  /** The headers added to every request (`--header`); their values are secrets, never reported. */
  get extraHeaders(): readonly ExtraHeader[] {
    return this.options.extraHeaders;
  }

  /** Whether the run's time limit has been reached. */
  pastDeadline(): boolean {
    return Date.now() >= this.options.deadlineAt;
  }

  /** Whether a proxy carried any request so far. */
  proxyUsed(): boolean {
    return this.options.transport.proxyUsed();
  }

  /** Full URL of a path relative to the target. */
  url(path: string): string {
    return this.options.target.origin + this.prefix + path;
  }

  /** The `Host` field value of the target (RFC 9110 §7.2: its authority), for messages written by hand. */
  get authority(): string {
    return this.options.target.host;
  }

  /** The target's path prefix plus `path`: the request-target of a message written by hand (origin-form). */
  targetPath(path: string): string {
    return this.prefix + path;
  }

  /**
   * The field lines every request of the run carries, for a message written by hand: the API key (unless `auth` is
   * false) and the extra headers (`--header`), each line ending in CRLF.
   */
  fieldLines(auth = true): string {
    const lines = this.options.extraHeaders.map((h) => `${h.name}: ${h.value}\r\n`);
    if (auth) lines.push(`${this.options.contract.apiKeyHeader}: ${this.options.apiKey}\r\n`);
    return lines.join('');
  }

  /**
   * Writes `text` (Latin-1) on a connection of its own and reads the responses ({@link sendRaw}), through the rate gate
   * and within the run's time limit, and records it. For messages an HTTP client will not send: missing or repeated
   * `Host`, conflicting framing, pipelined requests. Never rejects.
   */
  async raw(
    spec: { name: string; text: string; responses: number; awaitClose: boolean },
    checkId: string,
  ): Promise<RawExchange> {
    const ex: RawExchange = {
      seq: ++this.seq,
      checkId,
      name: spec.name,
      text: spec.text,
      result: { responses: [], ending: 'failed', elapsedMs: 0, trailing: 0 },
    };
    this.rawExchanges.push(ex);
    await sendRawExchange(ex, spec, this.options);
    return ex;
  }

  /** Sends a request and records it. Never rejects: a transport failure is an exchange with status 0. */
  async request(spec: RequestSpec, checkId: string): Promise<Exchange> {
    const { contract } = this.options;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(spec.headers ?? {})) headers[k.toLowerCase()] = v;
    for (const h of this.options.extraHeaders) if (!(h.name in headers)) headers[h.name] = h.value;
    const auth = spec.auth ?? true;
    if (auth !== false) headers[contract.apiKeyHeader.toLowerCase()] = auth === true ? this.options.apiKey : auth;
    const ex: Exchange = {
      seq: ++this.seq,
      checkId,
      method: spec.method,
      url: this.url(spec.path),
      requestHeaders: headers,
      status: 0,
      headers: {},
      body: '',
      sentAtMs: Date.now(),
      receivedAtMs: 0,
    };
    if (spec.body !== undefined) ex.requestBody = spec.body;
    if (spec.bodyBytes !== undefined) ex.requestBodyBase64 = Buffer.from(spec.bodyBytes).toString('base64');
    // Recorded for the curl command only: undici frames an iterable body as chunked by itself (RFC 9112 §7.1).
    if (spec.chunked && spec.body !== undefined) ex.requestHeaders = { ...headers, 'transfer-encoding': 'chunked' };
    if (spec.operation) ex.operationId = spec.operation.operationId;
    this.exchanges.push(ex);
    const received = await this.attempts(ex, spec, headers);
    ex.receivedAtMs = Date.now();
    if (received.incomplete) ex.incomplete = true;
    if (ex.status !== 0) this.inspect(ex, spec, received);
    return ex;
  }

  /**
   * Sends until there is an answer to judge. A keep-alive socket the server closed just as it was reused resets before
   * any byte of the response arrives (RFC 9112 §9.3.1 lets a server close an idle connection at any time): that is
   * transport, so such a request is sent once more on a fresh socket. A 429, or a 503 with Retry-After, is waited out
   * within the retry policy and the time limit (see throttleDecision); only the last answer is recorded and judged.
   */
  private async attempts(ex: Exchange, spec: RequestSpec, headers: Record<string, string>): Promise<Received> {
    const { retry, deadlineAt, maxTimeSeconds } = this.options;
    for (;;) {
      let received = await this.sendInTime(ex, spec, headers);
      if (ex.status === 0 && !ex.retried && !ex.pastDeadline && RETRIABLE.test(received.code ?? '')) {
        ex.retried = true;
        received = await this.sendInTime(ex, spec, headers);
      }
      const decision = throttleDecision(ex, ex.retries ?? 0, retry, Date.now());
      if (decision === undefined) return received;
      if ('giveUp' in decision || Date.now() + decision.waitMs >= deadlineAt) {
        const why =
          'giveUp' in decision
            ? decision.giveUp
            : `the target asked to wait ${Math.ceil(decision.waitMs / 1000)} s (${ex.status}), past the run's time limit (--max-time ${maxTimeSeconds} s)`;
        ex.throttled = true;
        ex.error = ex.error === undefined ? why : `${why} (${ex.error})`;
        return received;
      }
      await sleep(decision.waitMs);
      ex.retries = (ex.retries ?? 0) + 1;
      ex.retryWaitMs = (ex.retryWaitMs ?? 0) + decision.waitMs;
    }
  }

  /** One attempt through the rate gate, unless the run's time limit has passed (then nothing is sent). */
  private async sendInTime(ex: Exchange, spec: RequestSpec, headers: Record<string, string>): Promise<Received> {
    const { rate, deadlineAt, maxTimeSeconds } = this.options;
    if (rate) await rate.pass(deadlineAt);
    ex.status = 0;
    ex.headers = {};
    ex.body = '';
    delete ex.error;
    delete ex.errorCode;
    if (Date.now() >= deadlineAt) {
      ex.pastDeadline = true;
      ex.errorCode = 'RUN_DEADLINE';
      ex.error = `not sent: the run's time limit (--max-time ${maxTimeSeconds} s) was reached`;
      return { code: 'RUN_DEADLINE', incomplete: false, utf8: true };
    }
    ex.sentAtMs = Date.now();
    const received = await this.send(ex, spec, headers);
    if (received.code === 'RUN_DEADLINE') ex.pastDeadline = true;
    if (ex.status === 0 && received.code !== undefined) ex.errorCode = received.code;
    return received;
  }

  /**
   * One attempt. Bounded whatever the target does: connect, headers and each body pause within the timeout (undici's
   * connectTimeout, headersTimeout, bodyTimeout), the whole exchange within it too (an AbortSignal, which the run's time
   * limit may bring forward), and reading stops past maxResponseBytes. `ex.error` then names what happened; a 3xx
   * records its Location there.
   */
  private async send(ex: Exchange, spec: RequestSpec, headers: Record<string, string>): Promise<Received> {
    const { timeoutMs, maxResponseBytes, deadlineAt, maxTimeSeconds, transport, target } = this.options;
    const deadline = new AbortController();
    const leftMs = deadlineAt - Date.now();
    const timer = setTimeout(
      () =>
        deadline.abort(
          leftMs < timeoutMs
            ? new RunDeadlineExceeded(`the run's time limit (--max-time ${maxTimeSeconds} s) was reached`)
            : new DeadlineExceeded(`not complete within ${timeoutMs} ms`),
        ),
      Math.min(timeoutMs, Math.max(0, leftMs)),
    );
    const chunks: Buffer[] = [];
    let bytes = 0;
    let headersIn = false;
    /** When the last bytes arrived (the headers, then each chunk of the body). */
    let lastProgress = Date.now();
    let code: string | undefined;
    try {
      const res = await transport.dispatcher.request({
        origin: target.origin,
        method: spec.method,
        path: this.prefix + spec.path,
        headers,
        signal: deadline.signal,
        ...(spec.bodyBytes !== undefined ? { body: Buffer.from(spec.bodyBytes) } : {}),
        ...(spec.body !== undefined && spec.bodyBytes === undefined
          ? { body: spec.chunked ? Readable.from([Buffer.from(spec.body, 'utf8')]) : spec.body }
          : {}),
      });
      headersIn = true;
      lastProgress = Date.now();
      ex.status = res.statusCode;
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) ex.headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      }
      const declared = Number(ex.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxResponseBytes) {
        res.body.destroy();
        ex.error = `response body over ${maxResponseBytes} bytes (Content-Length: ${declared}; not read)`;
      } else {
        for await (const chunk of res.body) {
          const buf = chunk as Buffer;
          if (bytes + buf.length > maxResponseBytes) {
            chunks.push(buf.subarray(0, maxResponseBytes - bytes));
            bytes = maxResponseBytes;
            res.body.destroy();
            ex.error = `response body over ${maxResponseBytes} bytes (reading stopped)`;
            break;
          }
          bytes += buf.length;
          lastProgress = Date.now();
          chunks.push(buf);
        }
      }
    } catch (e) {
      code = errorCode(e, deadline.signal);
      ex.error = describeFailure(e, code, {
        headersIn,
        bytes,
        timeoutMs,
        maxTimeSeconds,
        idleMs: Date.now() - lastProgress,
      });
    } finally {
      clearTimeout(timer);
    }
    if (ex.status !== 0 && ex.error === undefined && bytes > 0) this.undoContentCoding(ex, chunks);
    const incomplete = ex.status !== 0 && ex.error !== undefined;
    if (isRedirect(ex.status)) {
      const where = `redirect not followed: Location: ${ex.headers['location'] ?? '(none)'}`;
      ex.error = ex.error === undefined ? where : `${where} (${ex.error})`;
    }
    const body = Buffer.concat(chunks);
    const { text, utf8 } = decodeUtf8(incomplete ? body.subarray(0, INCOMPLETE_BODY_KEPT) : body);
    // A body cut short is never decoded, so a created key in it would not be registered for scrubbing: not kept then.
    const secretField = incomplete && this.options.contract.secretFields.some((f) => text.includes(f));
    ex.body = secretField ? '' : text;
    return { ...(code !== undefined ? { code } : {}), incomplete, utf8 };
  }

  /**
   * A whole body's content codings undone in place (the kit sends no Accept-Encoding, so a server may use any: RFC
   * 9110 §12.5.3); one it cannot undo makes the exchange one the checks cannot judge (`ex.error` says why).
   */
  private undoContentCoding(ex: Exchange, chunks: Buffer[]): void {
    const coding = ex.headers['content-encoding'];
    if (coding === undefined) return;
    const decoded = decodeContent(Buffer.concat(chunks), coding, this.options.maxResponseBytes);
    if ('error' in decoded) ex.error = decoded.error;
    else chunks.splice(0, chunks.length, decoded.body);
  }

  private inspect(ex: Exchange, spec: RequestSpec, received: Received): void {
    const { contract, coverage, secrets } = this.options;
    let responses = spec.responses ?? spec.operation?.responses;
    if (!responses) return;
    // A response to HEAD has no content (RFC 9110 §9.3.2): check status and headers only.
    if (ex.method === 'HEAD') responses = responses.map((r) => ({ ...r, content: [] }));
    const success = responses.find((r) => r.status.startsWith('2') && r.content.length > 1);
    if (success && ((ex.status >= 200 && ex.status < 300) || ex.status === 406)) {
      ex.negotiation = negotiationOf(
        ex.requestHeaders['accept'],
        success.content.map((c) => c.mediaType),
      );
    }
    ex.check = checkResponse(
      contract,
      responses,
      { status: ex.status, headers: ex.headers, body: ex.body },
      ex.negotiation,
    );
    const key = spec.coverageKey ?? spec.operation?.operationId;
    const cell = key && ex.check.response && coverage.cellOf(key, ex.check.response.status, ex.check.mediaType ?? '');
    if (cell) ex.documented = cell;
    const { violations } = ex.check;
    if (isRedirect(ex.status)) {
      // The redirect's target is named, whatever the check that reports it: the kit never follows it.
      for (const v of violations)
        if (v.code === 'STATUS_UNDOCUMENTED') v.message += ` (${ex.error ?? 'redirect not followed'})`;
    }
    if (received.incomplete) {
      // A body cut short is not judged as a body (its decoding error would hide why) and shows nothing: no coverage,
      // no decoded value a check could read as an answer.
      ex.check.violations = [
        { code: 'BODY_UNDECODABLE', message: `response incomplete: ${ex.error ?? ''}` },
        ...violations.filter((v) => !v.code.startsWith('BODY_')),
      ];
      ex.check.decoded = undefined;
      return;
    }
    if (!received.utf8 && ex.body.length > 0)
      violations.push({
        code: 'BODY_UNDECODABLE',
        message: 'the body is not valid UTF-8 (every representation the spec documents is UTF-8)',
      });
    if (key && ex.check.response && received.utf8)
      coverage.observe(key, ex.check.response.status, ex.check.mediaType ?? '');
    if (ex.status >= 200 && ex.status < 300) {
      for (const entity of entitiesOf(ex)) {
        for (const field of contract.secretFields) {
          const v = entity[field];
          if (typeof v === 'string' && v.length > 0) secrets.add(v, ex.seq);
        }
      }
    }
  }

  async close(): Promise<void> {
    await this.options.transport.dispatcher.close();
  }
}

/** The code of a failed exchange: undici's or the socket's, or DEADLINE_EXCEEDED when the deadline aborted it. */
function errorCode(e: unknown, signal: AbortSignal): string {
  if (signal.aborted) return signal.reason instanceof RunDeadlineExceeded ? 'RUN_DEADLINE' : 'DEADLINE_EXCEEDED';
  if (e instanceof Error) return (e as { code?: string }).code ?? e.name;
  return 'ERROR';
}

/**
 * What ended an exchange, as people read it: no headers within the timeout, a body that stalled or kept arriving, a
 * connection reset after N bytes. Before any response a reset keeps undici's code first (RETRIABLE matches it).
 */
function describeFailure(
  e: unknown,
  code: string,
  at: { headersIn: boolean; bytes: number; timeoutMs: number; maxTimeSeconds: number; idleMs: number },
): string {
  const { headersIn, bytes, timeoutMs, idleMs } = at;
  const detail = e instanceof Error ? `${code}: ${e.message}` : String(e);
  switch (code) {
    case 'RUN_DEADLINE':
      return `cut short: the run's time limit (--max-time ${at.maxTimeSeconds} s) was reached (${headersIn ? `${bytes} bytes of the body` : 'no response headers'} received)`;
    case 'DEADLINE_EXCEEDED':
      // The deadline and undici's bodyTimeout may fire together on a body that stopped: name what the body did.
      if (!headersIn) return `no response headers within ${timeoutMs} ms`;
      return idleMs >= timeoutMs / 2
        ? `body stalled for ${idleMs} ms after ${bytes} bytes (not complete within ${timeoutMs} ms)`
        : `body still arriving after ${timeoutMs} ms (${bytes} bytes received; reading stopped)`;
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `no response headers within ${timeoutMs} ms`;
    case 'UND_ERR_BODY_TIMEOUT':
      return `body stalled for ${timeoutMs} ms after ${bytes} bytes`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `no connection within ${timeoutMs} ms`;
    case 'UND_ERR_HEADERS_OVERFLOW':
      return `response headers over undici's limit (${detail})`;
    default:
      if (headersIn && BROKEN.test(code)) return `connection reset after ${bytes} bytes of the body (${detail})`;
      if (headersIn) return `body unreadable after ${bytes} bytes (${detail})`;
      return detail;
  }
}
