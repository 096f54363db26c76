import type { NegotiationOutcome, Operation, ResponseCheck, ResponseSpec } from '../../contract/src/index.js';
import type { DocumentedResponse } from './coverage.js';
import type { RawResult } from './raw-http.js';

/*
 * What a check sends and what it gets back (the client, http-client.ts, records these), and the readers of a
 * recorded response's decoded body.
 */

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
  /**
   * The response arrived but its body was cut short (over maxResponseBytes, stalled, still arriving at the deadline,
   * reset): `error` says which; the body (its first bytes at most) is not judged.
   */
  incomplete?: boolean;
  /** Sent a second time because the first attempt's connection broke before any response (see RETRIABLE). */
  retried?: boolean;
  /** Times re-sent because the target answered 429, or 503 with Retry-After, and how long the run waited. */
  retries?: number;
  retryWaitMs?: number;
  /** The final answer is a 429 or 503 the run did not wait out (cap, retries or time limit): `error` says why. */
  throttled?: boolean;
  /** Not sent, or cut short, because the run's time limit (`--max-time`) was reached. */
  pastDeadline?: boolean;
  /** undici's or the socket's error code when no response arrived. */
  errorCode?: string;
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
  /** The coverage matrix's cell of the documented response it was matched to (status and media type documented). */
  documented?: DocumentedResponse;
  sentAtMs: number;
  receivedAtMs: number;
}

/** A message the kit wrote to a socket itself: one no HTTP client would send (malformed on purpose, or pipelined). */
export interface RawExchange {
  seq: number;
  checkId: string;
  /** What the message is, for people ("no Host header"). */
  name: string;
  /** The bytes sent, as Latin-1 text (the API key in it is scrubbed from reports like every other copy). */
  text: string;
  result: RawResult;
  /** Times sent again because the target answered 429, or 503 with Retry-After, and how long the run waited. */
  retries?: number;
  retryWaitMs?: number;
  /** Its last answer is still a 429 or 503 the run did not wait out (retry cap, wait cap or time limit). */
  throttled?: boolean;
}

/** A 3xx other than 304: the kit never follows it (undici does not, and no redirect interceptor is installed). */
export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
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
