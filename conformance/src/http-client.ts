import { Readable } from 'node:stream';
import { Pool } from 'undici';
import {
  checkResponse,
  negotiation,
  type NegotiationOutcome,
  type ResponseCheck,
  type Contract,
  type Operation,
  type ResponseSpec,
} from '../../contract/src/index.js';
import type { Coverage } from './coverage.js';
import type { SecretTracker } from './secret-tracker.js';

/** Errors of a connection that broke before any response arrived (undici codes and socket errnos). */
const RETRIABLE = /^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)\b/;

/** A request as a check describes it. */
export interface RequestSpec {
  method: string;
  /** Path relative to the target (the target's own path prefix is added), query string included. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** A binary body (a compressed one, say), sent instead of `body`. */
  bodyBytes?: Uint8Array;
  /** Send the body with `Transfer-Encoding: chunked` (no Content-Length), so a limit must be enforced while reading. */
  chunked?: boolean;
  /** true (default): send the run's API key; false: send none; a string: send that value. */
  auth?: boolean | string;
  /** The operation addressed: the response is checked against its documented responses. */
  operation?: Operation;
  /** Documented responses to check against instead (the document's 405); with coverageKey. */
  responses?: readonly ResponseSpec[];
  coverageKey?: string;
}

/** One request and its response, as recorded by the client. Header names are lower case. */
export interface Exchange {
  seq: number;
  checkId: string;
  method: string;
  /** Full URL. */
  url: string;
  requestHeaders: Record<string, string>;
  /** Sent a second time because the first attempt's connection broke before any response (see RETRIABLE). */
  retried?: boolean;
  requestBody?: string;
  /** A binary request body, base64 (the curl command decodes it). */
  requestBodyBase64?: string;
  /** 0 when no response arrived (see error). */
  status: number;
  headers: Record<string, string>;
  body: string;
  error?: string;
  operationId?: string;
  /** What Accept allows among the documented success media types (success and 406 responses of operations with a body). */
  negotiation?: NegotiationOutcome;
  /** The response checked against the documented responses (contract/src checkResponse). */
  check?: ResponseCheck;
  sentAtMs: number;
  receivedAtMs: number;
}

export interface HttpClientOptions {
  target: URL;
  apiKey: string;
  contract: Contract;
  coverage: Coverage;
  secrets: SecretTracker;
  timeoutMs: number;
  connections?: number;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * undici keep-alive Pool that records every exchange, passes every response through checkResponse (with the media
 * type its Accept negotiates), feeds the coverage matrix, and registers every secret a response carries.
 */
export class HttpClient {
  readonly exchanges: Exchange[] = [];
  private readonly pool: Pool;
  private readonly prefix: string;
  private seq = 0;

  constructor(private readonly options: HttpClientOptions) {
    this.pool = new Pool(options.target.origin, {
      connections: options.connections ?? 20,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connectTimeout: options.timeoutMs,
      keepAliveTimeout: 10_000,
    });
    this.prefix = options.target.pathname.replace(/\/+$/, '');
  }

  /** The run's API key (for checks that derive wrong keys from it; never reported). */
  get apiKey(): string {
    return this.options.apiKey;
  }

  /** Full URL of a path relative to the target. */
  url(path: string): string {
    return this.options.target.origin + this.prefix + path;
  }

  /** Sends a request and records it. Never rejects: a transport failure is an exchange with status 0. */
  async request(spec: RequestSpec, checkId: string): Promise<Exchange> {
    const { contract } = this.options;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(spec.headers ?? {})) headers[k.toLowerCase()] = v;
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
    // A keep-alive socket the server closed just as it was reused resets before any byte of the response arrives
    // (RFC 9112 §9.3.1 lets a server close an idle connection at any time). That is transport, not the server's
    // answer: such a request is sent once more on a fresh socket. A server that resets again is reported.
    for (let attempt = 1; ; attempt++) {
      await this.send(ex, spec, headers);
      if (ex.status !== 0 || attempt === 2 || !RETRIABLE.test(ex.error ?? '')) break;
      ex.retried = true;
      delete ex.error;
    }
    ex.receivedAtMs = Date.now();
    if (ex.status !== 0) this.inspect(ex, spec);
    return ex;
  }

  private async send(ex: Exchange, spec: RequestSpec, headers: Record<string, string>): Promise<void> {
    try {
      const res = await this.pool.request({
        method: spec.method,
        path: this.prefix + spec.path,
        headers,
        ...(spec.bodyBytes !== undefined ? { body: Buffer.from(spec.bodyBytes) } : {}),
        ...(spec.body !== undefined && spec.bodyBytes === undefined
          ? { body: spec.chunked ? Readable.from([Buffer.from(spec.body, 'utf8')]) : spec.body }
          : {}),
      });
      ex.status = res.statusCode;
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) ex.headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        size += buf.length;
        if (size > MAX_BODY_BYTES) {
          res.body.destroy();
          ex.error = `response body larger than ${MAX_BODY_BYTES} bytes`;
          break;
        }
        chunks.push(buf);
      }
      ex.body = Buffer.concat(chunks).toString('utf8');
    } catch (e) {
      ex.error = e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e);
    }
  }

  private inspect(ex: Exchange, spec: RequestSpec): void {
    const { contract, coverage, secrets } = this.options;
    let responses = spec.responses ?? spec.operation?.responses;
    if (!responses) return;
    // A response to HEAD has no content (RFC 9110 §9.3.2): check status and headers only.
    if (ex.method === 'HEAD') responses = responses.map((r) => ({ ...r, content: [] }));
    const success = responses.find((r) => r.status.startsWith('2') && r.content.length > 1);
    if (success && ((ex.status >= 200 && ex.status < 300) || ex.status === 406)) {
      ex.negotiation = negotiation(
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
    if (key && ex.check.response) coverage.observe(key, ex.check.response.status, ex.check.mediaType ?? '');
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
    await this.pool.close();
  }
}

type Entity = Record<string, unknown>;

function isEntity(v: unknown): v is Entity {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The objects a decoded success body carries: the object itself for a single resource (JSON, HAL, XML, or the one CSV
 * row), and for a list page each item (CSV rows, or the members of the page's array fields).
 */
export function entitiesOf(ex: Exchange): Entity[] {
  const d = ex.check?.decoded;
  if (!d) return [];
  if (d.representation === 'csv') return d.rows;
  if (!isEntity(d.value)) return [];
  const out: Entity[] = [d.value];
  for (const v of Object.values(d.value)) if (Array.isArray(v)) out.push(...v.filter(isEntity));
  return out;
}

/** The decoded top-level object of a JSON/XML body (a page or a key), or the single CSV row. */
export function bodyObject(ex: Exchange): Entity | undefined {
  const d = ex.check?.decoded;
  if (!d) return undefined;
  if (d.representation === 'csv') return d.shape.mode === 'single' ? d.rows[0] : undefined;
  return isEntity(d.value) ? d.value : undefined;
}

/** The list items of a decoded page, whatever the representation. */
export function pageItems(ex: Exchange, itemsField: string): Entity[] | undefined {
  const d = ex.check?.decoded;
  if (!d) return undefined;
  if (d.representation === 'csv') return d.rows;
  if (!isEntity(d.value)) return undefined;
  const items = d.value[itemsField];
  return Array.isArray(items) ? items.filter(isEntity) : undefined;
}
