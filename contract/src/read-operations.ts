import type { Deref } from './deref.js';
import { isRecord } from './is-record.js';
import type { SchemaCompiler } from './schema-compiler.js';
import type {
  HeaderSpec,
  JsonSchema,
  MediaTypeSpec,
  Operation,
  ParameterSpec,
  RequestBodySpec,
  ResponseSpec,
} from './types.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** What reading a part of the document needs: `$ref` resolution and the validator compiler. */
export interface SpecReader {
  deref: Deref;
  compile: SchemaCompiler;
}

type Raw = Record<string, unknown>;

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const roleOf = (node: Raw): { role?: string } => (typeof node['x-role'] === 'string' ? { role: node['x-role'] } : {});

function toParam(reader: SpecReader, raw: unknown): ParameterSpec {
  const p = reader.deref<Raw>(raw);
  const schema = (p['schema'] ?? {}) as JsonSchema;
  return {
    name: String(p['name']),
    in: p['in'] as ParameterSpec['in'],
    required: p['required'] === true,
    schema,
    resolvedSchema: reader.deref<JsonSchema>(schema),
    validate: reader.compile(schema),
    ...roleOf(p),
  };
}

function toMediaType(reader: SpecReader, mediaType: string, raw: Raw): MediaTypeSpec {
  const schema = (raw['schema'] ?? {}) as JsonSchema;
  const csvRow = raw['x-csv-row'] as JsonSchema | undefined;
  const examples: unknown[] = [];
  if ('example' in raw) examples.push(raw['example']);
  for (const ex of Object.values((raw['examples'] ?? {}) as Raw)) examples.push(reader.deref<Raw>(ex)['value']);
  const spec: MediaTypeSpec = {
    mediaType,
    schema,
    resolvedSchema: reader.deref<JsonSchema>(schema),
    validate: reader.compile(schema),
    examples,
  };
  if (csvRow) {
    spec.csvRow = {
      schema: csvRow,
      resolvedSchema: reader.deref<JsonSchema>(csvRow),
      validate: reader.compile(csvRow),
    };
  }
  return spec;
}

function toContent(reader: SpecReader, raw: unknown): MediaTypeSpec[] {
  return Object.entries((raw ?? {}) as Record<string, Raw>).map(([mt, m]) => toMediaType(reader, mt, m));
}

function toHeaders(reader: SpecReader, raw: unknown): HeaderSpec[] {
  return Object.entries((raw ?? {}) as Raw).map(([name, h]) => {
    const header = reader.deref<Raw>(h);
    const schema = (header['schema'] ?? {}) as JsonSchema;
    return {
      name: name.toLowerCase(),
      displayName: name,
      required: header['required'] === true,
      schema,
      validate: reader.compile(schema),
    };
  });
}

/** A documented response (a Response Object, or a `$ref` to one). */
export function toResponse(reader: SpecReader, status: string, raw: unknown): ResponseSpec {
  const r = reader.deref<Raw>(raw);
  return {
    status,
    description: text(r['description']),
    headers: toHeaders(reader, r['headers']),
    content: toContent(reader, r['content']),
    optional: r['x-optional'] === true,
  };
}

function toRequestBody(reader: SpecReader, raw: unknown): RequestBodySpec {
  const rb = reader.deref<Raw>(raw);
  const maxBytes = rb['x-max-body-bytes'];
  return {
    required: rb['required'] === true,
    content: toContent(reader, rb['content']),
    maxBytes: typeof maxBytes === 'number' ? maxBytes : Number.POSITIVE_INFINITY,
  };
}

/** The path item's parameters, overridden by the operation's own of the same name and location. */
function mergeParams(pathParams: readonly ParameterSpec[], own: readonly ParameterSpec[]): ParameterSpec[] {
  const params = [...pathParams];
  for (const p of own) {
    const i = params.findIndex((q) => q.name === p.name && q.in === p.in);
    if (i >= 0) params[i] = p;
    else params.push(p);
  }
  return params;
}

function templateToRegex(template: string): RegExp {
  const escaped = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${escaped}$`);
}

function toOperation(
  reader: SpecReader,
  doc: Raw,
  where: { template: string; method: string; pathParams: readonly ParameterSpec[] },
  op: Raw,
): Operation {
  const { template, method } = where;
  const own = ((op['parameters'] ?? []) as unknown[]).map((p) => toParam(reader, p));
  const operation: Operation = {
    operationId: String(op['operationId']),
    method: method.toUpperCase(),
    pathTemplate: template,
    pathRegex: templateToRegex(template),
    pathParamNames: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string),
    parameters: mergeParams(where.pathParams, own),
    responses: Object.entries((op['responses'] ?? {}) as Raw).map(([s, r]) => toResponse(reader, s, r)),
    security: ((op['security'] ?? doc['security'] ?? []) as Raw[]).length > 0,
    summary: text(op['summary']),
    ...roleOf(op),
  };
  if (op['requestBody']) operation.requestBody = toRequestBody(reader, op['requestBody']);
  return operation;
}

/** Every operation of the document's `paths`, in document order. */
export function readOperations(reader: SpecReader, doc: Raw): Operation[] {
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries((doc['paths'] ?? {}) as Record<string, Raw>)) {
    const pathParams = ((item['parameters'] ?? []) as unknown[]).map((p) => toParam(reader, p));
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (isRecord(op)) operations.push(toOperation(reader, doc, { template, method, pathParams }, op));
    }
  }
  return operations;
}
