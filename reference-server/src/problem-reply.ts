import { STATUS_CODES } from 'node:http';
import type { Contract, ResponseSpec } from '../../contract/src/index.js';
import { HttpError } from './http-error.js';

/** A response ready for the wire. */
export interface WireReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface ProblemType {
  type: string;
  title: string;
  mediaType: string;
  /** Required headers of the response whose schema admits exactly one value (e.g. a 401's WWW-Authenticate). */
  fixedHeaders: Record<string, string>;
}

/** The one value a header schema admits (`const`, or a one-element `enum`), if it has one. */
function fixedValue(schema: Record<string, unknown>): string | undefined {
  if (typeof schema['const'] === 'string') return schema['const'];
  const e = schema['enum'];
  return Array.isArray(e) && e.length === 1 && typeof e[0] === 'string' ? e[0] : undefined;
}

/** Problem `type` and `title` per documented status, read from the problem examples of the spec. */
function problemCatalogue(contract: Contract): Map<string, ProblemType> {
  const responses: ResponseSpec[] = contract.operations.flatMap((op) => op.responses);
  if (contract.methodNotAllowed) responses.push(contract.methodNotAllowed);
  const catalogue = new Map<string, ProblemType>();
  for (const r of responses) {
    for (const media of r.content) {
      for (const ex of media.examples) {
        if (typeof ex !== 'object' || ex === null || catalogue.has(r.status)) continue;
        const { type, title } = ex as { type?: unknown; title?: unknown };
        if (typeof type === 'string' && typeof title === 'string') {
          const fixedHeaders: Record<string, string> = {};
          for (const h of r.headers) {
            const value = h.required ? fixedValue(contract.deref<Record<string, unknown>>(h.schema)) : undefined;
            if (value !== undefined) fixedHeaders[h.name] = value;
          }
          catalogue.set(r.status, { type, title, mediaType: media.mediaType, fixedHeaders });
        }
      }
    }
  }
  return catalogue;
}

/**
 * Builds THE function that turns anything thrown while answering a request into an RFC 9457 problem+json reply.
 * An {@link HttpError} keeps its status and detail; anything else becomes a 500 whose detail says nothing about
 * the cause (no message, no stack: those stay in the log).
 */
export function createProblemReply(
  contract: Contract,
): (error: unknown, instance: string, traceId: string) => WireReply {
  const catalogue = problemCatalogue(contract);
  return (error, instance, traceId) => {
    const err =
      error instanceof HttpError
        ? error
        : new HttpError('internal-error', 'An unexpected error occurred. Quote the traceId when reporting it.');
    // RFC 9457 §4.2.1: without a documented type, "about:blank" with the status phrase as title.
    const known = catalogue.get(String(err.status)) ?? (err.status >= 500 ? catalogue.get('default') : undefined);
    const problem: Record<string, unknown> = {
      type: known?.type ?? 'about:blank',
      title: known?.title ?? STATUS_CODES[err.status] ?? 'Error',
      status: err.status,
      detail: err.message,
      instance,
      traceId,
    };
    if (err.extra.errors) problem['errors'] = err.extra.errors;
    const headers: Record<string, string> = {
      ...known?.fixedHeaders,
      'content-type': known?.mediaType ?? 'application/problem+json',
      'cache-control': 'no-store',
    };
    if (err.extra.allow) headers['allow'] = err.extra.allow.join(', ');
    if (err.extra.closeConnection) headers['connection'] = 'close';
    return { status: err.status, headers, body: JSON.stringify(problem) };
  };
}
