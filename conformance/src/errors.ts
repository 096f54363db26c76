/** Stable codes of the errors {@link runConformance} rejects with. */
export type ConformanceErrorCode = 'USAGE' | 'TARGET_UNREACHABLE' | 'SPEC_UNSUPPORTED';

/** A run that cannot start (exit code 2): bad options, an unreachable target, or a spec the kit cannot read. */
export class ConformanceError extends Error {
  constructor(
    readonly code: ConformanceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConformanceError';
  }
}

/** Thrown inside a property to fail the run with a message and the exchange that shows it. */
export class PropertyFailure extends Error {
  constructor(
    message: string,
    readonly exchange?: import('./http-client.js').Exchange,
  ) {
    super(message);
    this.name = 'PropertyFailure';
  }
}
