import type { KeyRecord } from './store.js';

/** What an operation's existence checks found (the `404` stage of the order of checks). */
export interface Loaded {
  endpointId: string;
  record?: KeyRecord | undefined;
}

/** The request as the pipeline validated it, handed to an operation. */
export interface HandlerInput {
  loaded: Loaded;
  /** Query values after coercion, defaults and schema validation, then the operation's own query rules. */
  query: Readonly<Record<string, unknown>>;
  /** The request body after schema validation (undefined when the operation has none). */
  body: unknown;
  /** Whether the negotiated representation is HAL (its schema declares `_links`). */
  hal: boolean;
}

/** What an operation answers: a status, extra headers, and a JSON-model value the pipeline encodes as negotiated. */
export interface HandlerReply {
  status: number;
  headers?: Record<string, string>;
  value?: unknown;
}

/**
 * One operation of the spec. The pipeline calls the hooks in the spec's order of checks:
 * auth and path parameters, then `load` (404), then query validation and `checkQuery` (400), then negotiation
 * (406), then the body (415, 413, 400), then `handle`.
 */
export interface OperationHandler {
  load(params: Readonly<Record<string, string>>): Promise<Loaded>;
  /** Query rules beyond the parameter schemas; returns the query the operation works with. */
  checkQuery?(query: Readonly<Record<string, unknown>>, loaded: Loaded): Record<string, unknown>;
  handle(input: HandlerInput): Promise<HandlerReply>;
}
