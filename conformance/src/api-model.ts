import type { Contract, JsonSchema, Operation, ParameterSpec, ResponseSpec } from '../../spec/lib/index.js';
import { ConformanceError } from './errors.js';

/**
 * The roles the spec's operations play, found from their shape rather than their names, so a renamed operationId or
 * field in the document does not silently break the checks: create (has a request body), list (GET, collection
 * path), read (GET, item path), delete (DELETE, item path), and the fields that link them.
 */
export interface ApiModel {
  create: Operation;
  list: Operation;
  read: Operation;
  remove: Operation;
  operations: Operation[];
  /** Path parameter naming the Endpoint, and the one naming a key. */
  endpointParam: ParameterSpec;
  keyParam: ParameterSpec;
  /** The created/metadata field holding the key's id (its schema is the key path parameter's). */
  idField: string;
  /** The request body field that names a key (and comes back in every representation). */
  nameField: string;
  nameSchema: JsonSchema;
  /** The name schema's code-point table (`x-code-points`), read so the generators probe every code point it lists. */
  nameCodePoints: NameCodePoints;
  /** Validates a whole create request body. */
  validateCreateBody: (body: unknown) => boolean;
  maxBodyBytes: number;
  /** The media type the create request body is sent as. */
  requestMediaType: string;
  /** List page fields. */
  itemsField: string;
  totalField: string;
  /** Query parameter -> page field holding the cursor to pass in it. */
  cursors: { param: string; field: string }[];
  limitParam: ParameterSpec | undefined;
  /** Media types of the success response of an operation (empty when it has no body). */
  successMedia(op: Operation): string[];
  successResponse(op: Operation): ResponseSpec;
  collectionPath(endpointId: string): string;
  itemPath(endpointId: string, keyId: string): string;
  /** Methods each path template has, as the document declares them. */
  methodsByPath: Map<string, string[]>;
}

/** An inclusive range of code points. */
export type CodePointRange = readonly [first: number, last: number];

/**
 * The name schema's `x-code-points` table: code points refused anywhere in a name, and those refused only as its
 * first or last code point. The spec writes each range as a `[first, last]` pair of `U+XXXX` strings.
 */
export interface NameCodePoints {
  refusedAnywhere: CodePointRange[];
  refusedAtEdges: CodePointRange[];
}

function fail(message: string): never {
  throw new ConformanceError('SPEC_UNSUPPORTED', `cannot map the spec onto the API keys resource: ${message}`);
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

function codePointRanges(table: Record<string, unknown>, list: string): CodePointRange[] {
  const where = `x-code-points.${list}`;
  const ranges = table[list];
  if (!Array.isArray(ranges)) fail(`the name schema's ${where} is not a list of [first, last] pairs`);
  const codePoint = (v: unknown): number => {
    const m = typeof v === 'string' ? /^U\+([0-9A-Fa-f]{4,6})$/.exec(v) : null;
    const c = m ? parseInt(m[1]!, 16) : NaN;
    return c <= 0x10ffff ? c : fail(`${where}: ${JSON.stringify(v)} is not a code point written U+XXXX`);
  };
  return ranges.map((r: unknown) => {
    if (!Array.isArray(r) || r.length !== 2) fail(`${where}: ${JSON.stringify(r)} is not a [first, last] pair`);
    const range = [codePoint(r[0]), codePoint(r[1])] as const;
    return range[0] <= range[1] ? range : fail(`${where}: ${JSON.stringify(r)} ends before it starts`);
  });
}

/** Reads the `x-code-points` marker of the name schema; the name generators cannot work without it. */
function nameCodePointsOf(nameSchema: JsonSchema): NameCodePoints {
  const table = nameSchema['x-code-points'];
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    fail('the name schema has no x-code-points marker (the table of code points refused anywhere and at either end)');
  }
  const t = table as Record<string, unknown>;
  return { refusedAnywhere: codePointRanges(t, 'refusedAnywhere'), refusedAtEdges: codePointRanges(t, 'refusedAtEdges') };
}

/** Derives the {@link ApiModel} from a contract. Throws ConformanceError('SPEC_UNSUPPORTED') when a role is missing. */
export function apiModel(contract: Contract): ApiModel {
  const ops = contract.operations;
  const create = ops.find((o) => o.requestBody !== undefined) ?? fail('no operation with a request body');
  const gets = ops.filter((o) => o.method === 'GET');
  const list = gets.find((o) => o.pathTemplate === create.pathTemplate) ?? fail('no GET on the create path');
  const read = gets.find((o) => o.pathParamNames.length === list.pathParamNames.length + 1) ?? fail('no GET on an item path');
  const remove = ops.find((o) => o.method === 'DELETE' && o.pathTemplate === read.pathTemplate) ?? fail('no DELETE on the item path');
  const endpointName = list.pathParamNames[0] ?? fail('the collection path has no parameter');
  const keyName = read.pathParamNames.find((n) => !list.pathParamNames.includes(n)) ?? fail('the item path has no key parameter');
  const param = (op: Operation, name: string) => op.parameters.find((p) => p.in === 'path' && p.name === name) ?? fail(`no path parameter ${name}`);
  const endpointParam = param(list, endpointName);
  const keyParam = param(read, keyName);

  const successResponse = (op: Operation): ResponseSpec =>
    op.responses.find((r) => /^2\d\d$/.test(r.status)) ?? fail(`${op.operationId} documents no 2xx response`);
  const successMedia = (op: Operation) => successResponse(op).content.map((c) => c.mediaType);

  const createdJson = successResponse(create).content.find((c) => c.mediaType === 'application/json') ?? fail('create has no JSON response');
  const createdProps = (contract.deref<JsonSchema>(createdJson.resolvedSchema)['properties'] ?? {}) as Record<string, JsonSchema>;
  const idField =
    Object.entries(createdProps).find(([, s]) => JSON.stringify(s) === JSON.stringify(keyParam.schema))?.[0] ??
    fail('no created field shares the key path parameter schema');

  const body = create.requestBody!;
  const bodyMedia = body.content[0] ?? fail('create request body has no media type');
  const bodyProps = (contract.deref<JsonSchema>(bodyMedia.resolvedSchema)['properties'] ?? {}) as Record<string, JsonSchema>;
  const nameField = Object.keys(bodyProps).find((k) => k in createdProps) ?? fail('no request field comes back in the created key');
  const nameSchema = contract.deref<JsonSchema>(bodyProps[nameField]);
  const nameCodePoints = nameCodePointsOf(nameSchema);

  const listJson = successResponse(list).content.find((c) => c.mediaType === 'application/json') ?? fail('list has no JSON response');
  const listProps = Object.entries((contract.deref<JsonSchema>(listJson.resolvedSchema)['properties'] ?? {}) as Record<string, JsonSchema>);
  const itemsField = listProps.find(([, s]) => contract.deref<JsonSchema>(s)['type'] === 'array')?.[0] ?? fail('list page has no array');
  const totalField = listProps.find(([, s]) => contract.deref<JsonSchema>(s)['type'] === 'integer')?.[0] ?? fail('list page has no total');
  const query = list.parameters.filter((p) => p.in === 'query');
  const limitParam = query.find((p) => p.resolvedSchema['type'] === 'integer');
  const cursors = query
    .filter((p) => p !== limitParam)
    .map((p) => ({ param: p.name, field: listProps.find(([k]) => k.startsWith(p.name))?.[0] ?? fail(`no page field for cursor ${p.name}`) }));

  const methodsByPath = new Map<string, string[]>();
  for (const [template, pathOps] of contract.pathsByTemplate()) methodsByPath.set(template, pathOps.map((o) => o.method));

  return {
    create,
    list,
    read,
    remove,
    operations: ops,
    endpointParam,
    keyParam,
    idField,
    nameField,
    nameSchema,
    nameCodePoints,
    validateCreateBody: (v) => bodyMedia.validate(v) as boolean,
    maxBodyBytes: body.maxBytes,
    requestMediaType: bodyMedia.mediaType,
    itemsField,
    totalField,
    cursors,
    limitParam,
    successMedia,
    successResponse,
    collectionPath: (e) => fill(list.pathTemplate, { [endpointName]: e }),
    itemPath: (e, k) => fill(read.pathTemplate, { [endpointName]: e, [keyName]: k }),
    methodsByPath,
  };
}

/** Path of an operation for the given endpoint and key ids. */
export function pathOf(api: ApiModel, op: Operation, endpointId: string, keyId: string): string {
  return op.pathParamNames.length > api.list.pathParamNames.length ? api.itemPath(endpointId, keyId) : api.collectionPath(endpointId);
}
