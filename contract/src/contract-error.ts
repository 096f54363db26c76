/** Why the contract library refused: stable codes to branch on (undici style); the message is for people. */
export type ContractErrorCode =
  /** The spec file cannot be read or parsed (missing, unreadable, not JSON/YAML). */
  | 'SPEC_UNREADABLE'
  /** The document is not an OpenAPI 3.1 document this library can use (a bad `$ref`, a reference cycle, …). */
  | 'SPEC_INVALID'
  /** A marker the library relies on is missing or incomplete (e.g. `x-method-not-allowed` without `recognisedMethods`). */
  | 'MARKER_MISSING'
  /** A schema or operation asked for by name is not in the spec. */
  | 'NOT_IN_SPEC'
  /** The apikeys-kit package folder could not be found from this module. */
  | 'PACKAGE_ROOT_NOT_FOUND';

/** An error of the contract library, with a stable {@link ContractErrorCode} in `code`. */
export class ContractError extends Error {
  constructor(
    readonly code: ContractErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ContractError';
  }
}
