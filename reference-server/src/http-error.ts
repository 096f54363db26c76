/** Stable codes of the problems the server answers with; each is one problem type of the spec. */
export type ProblemCode =
  | 'invalid-request'
  | 'unauthorized'
  | 'not-found'
  | 'method-not-allowed'
  | 'not-acceptable'
  | 'unsupported-media-type'
  | 'content-too-large'
  | 'request-timeout'
  | 'internal-error';

/** One offending field of a `400` (the spec's FieldError). */
export interface FieldError {
  in: 'path' | 'query' | 'header' | 'body';
  /** Parameter name, or a JSON Pointer into the body (`""` for the body as a whole). */
  name: string;
  message: string;
}

const STATUS: Record<ProblemCode, number> = {
  'invalid-request': 400,
  unauthorized: 401,
  'not-found': 404,
  'method-not-allowed': 405,
  'not-acceptable': 406,
  'request-timeout': 408,
  'content-too-large': 413,
  'unsupported-media-type': 415,
  'internal-error': 500,
};

/**
 * A request the server refuses. Handlers throw it; exactly one function (problemReply) turns it into an
 * RFC 9457 problem+json response. `message` becomes the problem's `detail`, so it never holds a secret.
 */
export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    detail: string,
    readonly extra: { errors?: FieldError[]; allow?: string[]; closeConnection?: boolean } = {},
  ) {
    super(detail);
    this.name = 'HttpError';
    this.status = STATUS[code];
  }
}
