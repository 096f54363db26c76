import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import * as addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import type {
  Contract,
  HeaderSpec,
  JsonSchema,
  MediaTypeSpec,
  Operation,
  ParameterSpec,
  PreviewRule,
  RequestBodySpec,
  ResponseSpec,
} from './types.js';

// ajv-formats is CommonJS (`exports.default = formatsPlugin`); under NodeNext the callable sits on `.default`.
const addFormats = addFormatsModule.default.default;

const SPEC_ID = 'urn:apikeys-kit:openapi';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The folder holding package.json, found from this module whether it runs from sources or from dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'apikeys-kit') return dir;
    } catch {
      // no package.json here: keep walking up
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('apikeys-kit package root not found');
    dir = up;
  }
}

/** Path of the bundled single-file spec (JSON) shipped with the package. */
export function bundledSpecPath(): string {
  return join(packageRoot(), 'spec', 'dist', 'openapi.json');
}

/** Path of the source spec (YAML). */
export function sourceSpecPath(): string {
  return join(packageRoot(), 'spec', 'openapi.yaml');
}

/** Reads an OpenAPI document from a .json or .yaml file. */
export function readSpecDocument(path: string): Record<string, unknown> {
  const text = readFileSync(resolve(path), 'utf8');
  const doc: unknown = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  if (!isRecord(doc) || typeof doc['openapi'] !== 'string' || !doc['openapi'].startsWith('3.1')) {
    throw new Error(`${path} is not an OpenAPI 3.1 document`);
  }
  return doc;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Creates the Ajv 2020-12 instance used for every validator derived from the spec. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  addFormats(ajv);
  // OpenAPI 3.1 annotations and this document's vendor extensions: known to Ajv so strict mode accepts them.
  ajv.addVocabulary([
    'x-code-points',
    'x-role',
    'example',
    'xml',
    'discriminator',
    'externalDocs',
    'x-secret',
    'x-preview',
    'x-unix-time',
  ]);
  return ajv;
}

/** Rewrites `#/components/schemas/X` into refs Ajv resolves against the registered spec schema. */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
      out[k] = `${SPEC_ID}#/$defs/${v.slice('#/components/schemas/'.length)}`;
    } else {
      out[k] = rewriteRefs(v);
    }
  }
  return out;
}

/**
 * Loads an OpenAPI 3.1 document and derives everything the server and the conformance suite need from it:
 * operations, parameter and body validators, response validators, secret fields and limits.
 */
export function loadContract(path: string = bundledSpecPath()): Contract {
  return contractFromDocument(readSpecDocument(path));
}

/** Same as {@link loadContract}, from an already parsed document. */
export function contractFromDocument(doc: Record<string, unknown>): Contract {
  const components = (doc['components'] ?? {}) as Record<string, Record<string, unknown>>;
  const schemas = (components['schemas'] ?? {}) as Record<string, JsonSchema>;
  const ajv = createAjv();
  ajv.addSchema({ $id: SPEC_ID, $defs: rewriteRefs(schemas) as Record<string, unknown> });

  const cache = new Map<string, ValidateFunction>();
  const compile = (schema: JsonSchema): ValidateFunction => {
    const key = JSON.stringify(schema);
    let fn = cache.get(key);
    if (!fn) {
      fn = ajv.compile(rewriteRefs(schema) as object);
      cache.set(key, fn);
    }
    return fn;
  };

  /** Follows a local `$ref` to anything in the document (responses, parameters, headers, examples, schemas). */
  const deref = <T>(node: unknown): T => {
    let cur = node;
    for (let hops = 0; isRecord(cur) && typeof cur['$ref'] === 'string'; hops++) {
      if (hops > 32) throw new Error('reference cycle');
      cur = resolvePointer(doc, cur['$ref']);
    }
    return cur as T;
  };

  const resolveSchema = (schema: JsonSchema): JsonSchema => deref<JsonSchema>(schema);

  const toParam = (raw: unknown): ParameterSpec => {
    const p = deref<Record<string, unknown>>(raw);
    const schema = (p['schema'] ?? {}) as JsonSchema;
    return {
      name: String(p['name']),
      in: p['in'] as ParameterSpec['in'],
      required: p['required'] === true,
      schema,
      resolvedSchema: resolveSchema(schema),
      validate: compile(schema),
      ...(typeof p['x-role'] === 'string' ? { role: p['x-role'] } : {}),
    };
  };

  const toMediaType = (mediaType: string, raw: Record<string, unknown>): MediaTypeSpec => {
    const schema = (raw['schema'] ?? {}) as JsonSchema;
    const csvRow = raw['x-csv-row'] as JsonSchema | undefined;
    const examples: unknown[] = [];
    if ('example' in raw) examples.push(raw['example']);
    for (const ex of Object.values((raw['examples'] ?? {}) as Record<string, unknown>)) {
      examples.push(deref<Record<string, unknown>>(ex)['value']);
    }
    const spec: MediaTypeSpec = {
      mediaType,
      schema,
      resolvedSchema: resolveSchema(schema),
      validate: compile(schema),
      examples,
    };
    if (csvRow) {
      spec.csvRow = { schema: csvRow, resolvedSchema: resolveSchema(csvRow), validate: compile(csvRow) };
    }
    return spec;
  };

  const toHeaders = (raw: unknown): HeaderSpec[] =>
    Object.entries((raw ?? {}) as Record<string, unknown>).map(([name, h]) => {
      const header = deref<Record<string, unknown>>(h);
      const schema = (header['schema'] ?? {}) as JsonSchema;
      return {
        name: name.toLowerCase(),
        displayName: name,
        required: header['required'] === true,
        schema,
        validate: compile(schema),
      };
    });

  const toResponse = (status: string, raw: unknown): ResponseSpec => {
    const r = deref<Record<string, unknown>>(raw);
    const content = Object.entries((r['content'] ?? {}) as Record<string, Record<string, unknown>>).map(([mt, m]) =>
      toMediaType(mt, m),
    );
    return { status, description: String(r['description'] ?? ''), headers: toHeaders(r['headers']), content };
  };

  const operations: Operation[] = [];
  const paths = (doc['paths'] ?? {}) as Record<string, Record<string, unknown>>;
  for (const [template, item] of Object.entries(paths)) {
    const pathParams = ((item['parameters'] ?? []) as unknown[]).map(toParam);
    const methods = HTTP_METHODS.filter((m) => isRecord(item[m]));
    for (const method of methods) {
      const op = item[method] as Record<string, unknown>;
      const params = [...pathParams];
      for (const p of ((op['parameters'] ?? []) as unknown[]).map(toParam)) {
        const i = params.findIndex((q) => q.name === p.name && q.in === p.in);
        if (i >= 0) params[i] = p;
        else params.push(p);
      }
      let requestBody: RequestBodySpec | undefined;
      if (op['requestBody']) {
        const rb = deref<Record<string, unknown>>(op['requestBody']);
        const content = Object.entries((rb['content'] ?? {}) as Record<string, Record<string, unknown>>).map(
          ([mt, m]) => toMediaType(mt, m),
        );
        const maxBytes = rb['x-max-body-bytes'];
        requestBody = {
          required: rb['required'] === true,
          content,
          maxBytes: typeof maxBytes === 'number' ? maxBytes : Number.POSITIVE_INFINITY,
        };
      }
      const responses = Object.entries((op['responses'] ?? {}) as Record<string, unknown>).map(([s, r]) =>
        toResponse(s, r),
      );
      const operation: Operation = {
        operationId: String(op['operationId']),
        method: method.toUpperCase(),
        pathTemplate: template,
        pathRegex: templateToRegex(template),
        pathParamNames: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string),
        parameters: params,
        responses,
        security: ((op['security'] ?? doc['security'] ?? []) as Record<string, unknown>[]).length > 0,
        summary: String(op['summary'] ?? ''),
        ...(typeof op['x-role'] === 'string' ? { role: op['x-role'] } : {}),
      };
      if (requestBody) operation.requestBody = requestBody;
      operations.push(operation);
    }
  }

  const securitySchemes = (components['securitySchemes'] ?? {}) as Record<string, Record<string, unknown>>;
  const apiKeyScheme = Object.values(securitySchemes).find((s) => s['type'] === 'apiKey' && s['in'] === 'header');
  const mna = doc['x-method-not-allowed'] as Record<string, unknown> | undefined;
  const recognised = mna?.['recognisedMethods'];
  if (mna && !(Array.isArray(recognised) && recognised.every((m) => typeof m === 'string'))) {
    throw new Error(
      'x-method-not-allowed needs recognisedMethods: the list of methods every implementation answers with 405',
    );
  }

  const contract: Contract = {
    document: doc,
    operations,
    apiKeyHeader: apiKeyScheme ? String(apiKeyScheme['name']) : 'X-API-Key',
    secretFields: findMarkedFields(schemas, (s) => s['x-secret'] === true, deref),
    timestampFields: findMarkedFields(schemas, (s) => s['x-unix-time'] === true, deref),
    previewRules: findPreviewRules(schemas, deref),
    methodNotAllowed: mna ? toResponse('405', mna) : undefined,
    recognisedMethods: mna ? (recognised as string[]) : [],
    minHeaderSectionBytes: numberOr(
      (doc['x-request-limits'] as Record<string, unknown> | undefined)?.['minHeaderSectionBytes'],
    ),
    compile,
    deref,
    schema: (name: string) => {
      const s = schemas[name];
      if (!s) throw new Error(`no schema ${name} in the spec`);
      return s;
    },
    validatorFor: (name: string) => compile({ $ref: `#/components/schemas/${name}` }),
    operation: (operationId: string) => {
      const op = operations.find((o) => o.operationId === operationId);
      if (!op) throw new Error(`no operation ${operationId} in the spec`);
      return op;
    },
    pathsByTemplate: () => {
      const byPath = new Map<string, Operation[]>();
      for (const op of operations) byPath.set(op.pathTemplate, [...(byPath.get(op.pathTemplate) ?? []), op]);
      return byPath;
    },
  };
  return contract;
}

function templateToRegex(template: string): RegExp {
  const escaped = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${escaped}$`);
}

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local references are supported: ${ref}`);
  let cur: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isRecord(cur) && !Array.isArray(cur)) throw new Error(`unresolvable reference ${ref}`);
    cur = (cur as Record<string, unknown>)[key];
    if (cur === undefined) throw new Error(`unresolvable reference ${ref}`);
  }
  return cur;
}

/** Property names (in any component schema) whose schema is marked by `marker`. */
function findMarkedFields(
  schemas: Record<string, JsonSchema>,
  marker: (s: JsonSchema) => boolean,
  deref: <T>(n: unknown) => T,
): string[] {
  const found = new Set<string>();
  for (const schema of Object.values(schemas)) {
    const props = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
    for (const [name, prop] of Object.entries(props)) {
      if (marker(deref<JsonSchema>(prop))) found.add(name);
    }
  }
  return [...found].sort();
}

/** Preview rules (`x-preview`) keyed by the property that holds the preview. */
function findPreviewRules(schemas: Record<string, JsonSchema>, deref: <T>(n: unknown) => T): PreviewRule[] {
  const rules = new Map<string, PreviewRule>();
  for (const schema of Object.values(schemas)) {
    const props = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
    for (const [name, prop] of Object.entries(props)) {
      const x = deref<JsonSchema>(prop)['x-preview'] as Record<string, unknown> | undefined;
      if (!x) continue;
      rules.set(name, {
        field: name,
        of: String(x['of']),
        keepStart: Number(x['keepStart']),
        maskChar: String(x['maskChar']),
        maskLength: Number(x['maskLength']),
        keepEnd: Number(x['keepEnd']),
      });
    }
  }
  return [...rules.values()];
}

/** Computes a preview of `secret` by a spec-declared rule. */
export function previewOf(rule: PreviewRule, secret: string): string {
  const chars = Array.from(secret);
  return (
    chars.slice(0, rule.keepStart).join('') +
    rule.maskChar.repeat(rule.maskLength) +
    chars.slice(chars.length - rule.keepEnd).join('')
  );
}

function numberOr(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
