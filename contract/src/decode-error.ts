/** A decoding failure: the body is not a well-formed document of its media type. */
export class DecodeError extends Error {
  readonly code = 'BODY_UNDECODABLE';
}
