import { curlOf, rawCommandOf } from './curl.js';
import type { ExtraHeader } from './extra-header.js';
import type { Exchange, RawExchange } from './exchange.js';
import type { Violation } from './types.js';

const BODY_EXCERPT = 2000;

/**
 * A counterexample as people read it: an operation drawn by a generator is shown by its operationId, not as the
 * whole derived object (schemas, validators, examples).
 */
export function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (typeof o['operationId'] === 'string' && o['pathRegex'] instanceof RegExp)
      return `operation ${o['operationId']}`;
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, compact(v)]));
  }
  return value;
}

/** A report-ready excerpt of a response. */
export function responseExcerpt(ex: Exchange): NonNullable<Violation['response']> {
  const body =
    ex.body.length > BODY_EXCERPT ? `${ex.body.slice(0, BODY_EXCERPT)}… (${ex.body.length} characters)` : ex.body;
  return { status: ex.status, headers: { ...ex.headers }, body: ex.error ? `${body}[${ex.error}]` : body };
}

/** How a violation shows its exchange: a curl command that replays the request (key as a variable) and the response. */
export interface EvidenceWriter {
  apiKeyHeader: string;
  apiKey: string;
  extraHeaders: readonly ExtraHeader[];
}

/** Adds the exchange that shows a violation to it: the curl command and a response excerpt. */
export function withExchange(v: Violation, ex: Exchange, writer: EvidenceWriter): Violation {
  v.curl = curlOf(ex, writer.apiKeyHeader, writer.apiKey, writer.extraHeaders);
  v.response = responseExcerpt(ex);
  if (ex.documented) v.documentedResponse = { ...ex.documented };
  return v;
}

/** How a raw exchange ended, as people read it. */
export function rawEnding(ex: RawExchange): string {
  const { responses, ending, elapsedMs, error, trailing } = ex.result;
  const statuses = responses.length === 0 ? 'no response' : `responses ${responses.map((r) => r.status).join(', ')}`;
  // Bytes that were not a whole response: one cut off by the close, or something that is not HTTP/1.x at all.
  const answered = trailing > 0 ? `${statuses} (then ${trailing} bytes that are no whole response)` : statuses;
  switch (ending) {
    case 'closed':
      return `${answered}, then the connection closed (after ${elapsedMs} ms)`;
    case 'reset':
      return `${answered}, then the connection was reset (${error ?? ''})`;
    case 'open':
      return `${answered}; the connection still open when the kit stopped reading (${elapsedMs} ms after sending)`;
    case 'timeout':
      return `${answered}; nothing more, and the connection still open, after ${elapsedMs} ms`;
    case 'failed':
      return `not sent: ${error ?? 'no connection'}`;
    case 'overflow':
      return `${answered}; reading stopped after ${elapsedMs} ms: more bytes than --max-response-bytes allows`;
  }
}

/**
 * Adds a raw exchange to the violation it shows: the command that writes the message again (key as a variable), the
 * message, how it ended, and the response that shows the problem (by default the last one).
 */
export function withRawExchange(
  v: Violation,
  ex: RawExchange,
  target: URL,
  writer: EvidenceWriter,
  shown: number = ex.result.responses.length - 1,
): Violation {
  v.command = rawCommandOf(ex.text, target, writer.apiKey, writer.extraHeaders);
  v.counterexample = { message: ex.name, sent: ex.text, ended: rawEnding(ex) };
  const res = ex.result.responses[shown];
  if (res) {
    const body =
      res.body.length > BODY_EXCERPT ? `${res.body.slice(0, BODY_EXCERPT)}… (${res.body.length} characters)` : res.body;
    v.response = { status: res.status, headers: { ...res.headers }, body };
  }
  return v;
}
