import type { Exchange } from './exchange.js';

/**
 * Stable codes of the errors {@link runConformance} rejects with:
 * - `USAGE`: bad options (runs, check ids, target URL, API key, Endpoint ids);
 * - `SPEC_UNREADABLE`: the spec file cannot be read or is not an OpenAPI document the contract library loads;
 * - `SPEC_UNSUPPORTED`: the spec loads but lacks what the kit relies on (a role marker, an operation);
 * - `TARGET_START_FAILED`: the implementation the run was to start did not start, or started without an Endpoint;
 * - `TARGET_UNREACHABLE`: no connection to the target (refused, unknown host, connect timeout, a proxy that refuses);
 * - `TARGET_TLS_FAILED`: the TLS handshake with an https target failed (an untrusted certificate: see `--ca`).
 *
 * A target that accepts the connection but answers badly is not an error: the run reports it (exit 1).
 */
export type ConformanceErrorCode =
  'USAGE' | 'SPEC_UNREADABLE' | 'SPEC_UNSUPPORTED' | 'TARGET_START_FAILED' | 'TARGET_UNREACHABLE' | 'TARGET_TLS_FAILED';

/** A run that cannot start (exit code 2): bad options, an unreachable target, or a spec the kit cannot read. */
export class ConformanceError extends Error {
  constructor(
    readonly code: ConformanceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConformanceError';
  }
}

/** Thrown inside a property to fail the run with a message and the exchange that shows it. */
export class PropertyFailure extends Error {
  constructor(
    message: string,
    readonly exchange?: Exchange,
  ) {
    super(message);
    this.name = 'PropertyFailure';
  }
}
