import type { ValidateFunction } from 'ajv';

/** A JSON Schema (2020-12) node as it appears in the OpenAPI document. */
export type JsonSchema = Record<string, unknown>;

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** The schema as written (may be a `$ref`). */
  schema: JsonSchema;
  /** The schema with a top-level `$ref` followed. */
  resolvedSchema: JsonSchema;
  validate: ValidateFunction;
  /** The parameter's `x-role` marker (spec: Roles), when it has one. */
  role?: string;
}

export interface CsvRowSpec {
  schema: JsonSchema;
  resolvedSchema: JsonSchema;
  validate: ValidateFunction;
}

export interface MediaTypeSpec {
  mediaType: string;
  schema: JsonSchema;
  resolvedSchema: JsonSchema;
  validate: ValidateFunction;
  /** For text/csv: the schema of one row (`x-csv-row`). */
  csvRow?: CsvRowSpec;
  /** Example values (`example` and every `examples` entry), in document order. */
  examples: unknown[];
}

export interface HeaderSpec {
  /** Lower-case header name. */
  name: string;
  /** The name as the document spells it. */
  displayName: string;
  required: boolean;
  schema: JsonSchema;
  validate: ValidateFunction;
}

export interface ResponseSpec {
  /** "201", "400", … or "default". */
  status: string;
  description: string;
  headers: HeaderSpec[];
  content: MediaTypeSpec[];
  /** `x-optional: true`: an implementation MAY send this response and need never send it (e.g. a `429`). */
  optional: boolean;
}

export interface RequestBodySpec {
  required: boolean;
  content: MediaTypeSpec[];
  /** `x-max-body-bytes`, or Infinity. */
  maxBytes: number;
}

export interface Operation {
  operationId: string;
  /** Upper-case HTTP method. */
  method: string;
  pathTemplate: string;
  pathRegex: RegExp;
  pathParamNames: string[];
  parameters: ParameterSpec[];
  requestBody?: RequestBodySpec;
  responses: ResponseSpec[];
  /** Whether the operation requires the API key. */
  security: boolean;
  summary: string;
  /** The operation's `x-role` marker (spec: Roles), when it has one. */
  role?: string;
}

/** A masking rule declared with `x-preview` on a schema. */
export interface PreviewRule {
  /** Property that holds the preview. */
  field: string;
  /** Property that holds the secret it previews. */
  of: string;
  keepStart: number;
  maskChar: string;
  maskLength: number;
  keepEnd: number;
}

/** Everything derived from the OpenAPI document. */
export interface Contract {
  document: Record<string, unknown>;
  operations: Operation[];
  /** Name of the header the apiKey security scheme reads. */
  apiKeyHeader: string;
  /** Property names whose schema is marked `x-secret: true`. */
  secretFields: string[];
  /** Property names whose schema is marked `x-unix-time: true`. */
  timestampFields: string[];
  previewRules: PreviewRule[];
  /** The document's `x-method-not-allowed` response. */
  methodNotAllowed: ResponseSpec | undefined;
  /**
   * `x-method-not-allowed.recognisedMethods`: methods every implementation must answer with 405 where a path does not
   * have them; any other method may also get 400 or 501. Empty when the document has no `x-method-not-allowed`.
   */
  recognisedMethods: readonly string[];
  /** `x-request-limits.minHeaderSectionBytes`: the header section size every implementation accepts, if stated. */
  minHeaderSectionBytes: number | undefined;
  // Function-valued properties rather than methods: none uses `this`, so they may be passed around unbound.
  compile: (schema: JsonSchema) => ValidateFunction;
  deref: <T>(node: unknown) => T;
  schema: (name: string) => JsonSchema;
  validatorFor: (schemaName: string) => ValidateFunction;
  operation: (operationId: string) => Operation;
  /** The one operation marked `x-role: role` (spec: Roles); ContractError MARKER_MISSING when none or several are. */
  operationByRole: (role: string) => Operation;
  pathsByTemplate: () => Map<string, Operation[]>;
}
