import type { Operation } from '../../contract/src/index.js';

/**
 * The HTTP status each failure class gets, by RFC 9110 semantics (§15.5), in the spec's order of checks. Checks
 * expect the exact status when the operation documents it; when the document drops one, any documented 4xx is
 * expected instead, so the kit follows the spec rather than this table.
 */
export const STATUS = {
  badRequest: 400,
  unauthorized: 401,
  notFound: 404,
  methodNotAllowed: 405,
  notAcceptable: 406,
  contentTooLarge: 413,
  expectationFailed: 417,
  unsupportedMediaType: 415,
  notImplemented: 501,
} as const;

/** The statuses a check may accept for a failure class on an operation. */
export function expectedFor(op: Operation, status: number): number[] {
  if (op.responses.some((r) => r.status === String(status))) return [status];
  return op.responses.map((r) => Number(r.status)).filter((s) => s >= 400 && s < 500);
}

/** The documented 2xx status of an operation. */
export function expectedSuccess(op: Operation): number[] {
  return op.responses.map((r) => Number(r.status)).filter((s) => s >= 200 && s < 300);
}
