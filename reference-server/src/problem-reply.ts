import { STATUS_CODES } from 'node:http';
import type { Contract, ResponseSpec } from '../../spec/lib/index.js';
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
          catalogue.set(r.status, { type, title, mediaType: media.mediaType });
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
export function createProblemReply(contract: Contract): (error: unknown, instance: string, traceId: string) => WireReply {
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
      'content-type': known?.mediaType ?? 'application/problem+json',
      'cache-control': 'no-store',
    };
    if (err.extra.allow) headers['allow'] = err.extra.allow.join(', ');
    if (err.extra.closeConnection) headers['connection'] = 'close';
    return { status: err.status, headers, body: JSON.stringify(problem) };
  };
}
