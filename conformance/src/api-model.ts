import type { Contract, JsonSchema, Operation, ParameterSpec, ResponseSpec } from '../../contract/src/index.js';
import { ConformanceError } from './errors.js';

/**
 * The roles the spec's operations, parameters and fields play, read from their `x-role` markers (spec: Roles), so a
 * renamed operationId or field, or a new field, never silently points a check at the wrong thing.
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
  /** Query parameter -> page field holding the cursor to pass in it: the `next-cursor` pair, then `previous-cursor`. */
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
  return {
    refusedAnywhere: codePointRanges(t, 'refusedAnywhere'),
    refusedAtEdges: codePointRanges(t, 'refusedAtEdges'),
  };
}

/** The property of an object schema marked `x-role: role` (spec: Roles), or a loud error naming the marker. */
function markedProperty(contract: Contract, schema: JsonSchema, role: string, where: string): [string, JsonSchema] {
  const props = (contract.deref<JsonSchema>(schema)['properties'] ?? {}) as Record<string, JsonSchema>;
  const found = Object.entries(props).filter(([, s]) => s['x-role'] === role);
  if (found.length !== 1) fail(`${where} needs exactly one property marked x-role: ${role} (found ${found.length})`);
  return found[0]!;
}

/**
 * Derives the {@link ApiModel} from a contract's `x-role` markers (spec: Roles), never from names or shapes. Throws
 * ConformanceError('SPEC_UNSUPPORTED') naming the marker when one is missing or given twice.
 */
export function apiModel(contract: Contract): ApiModel {
  const ops = contract.operations;
  const byRole = (role: string): Operation => operationByRole(ops, role);
  const create = byRole('create');
  const list = byRole('list');
  const read = byRole('read');
  const remove = byRole('delete');
  const endpointParam = markedParam(list, 'endpoint-id', 'path');
  const keyParam = markedParam(read, 'key-id', 'path');

  const successMedia = (op: Operation) => successResponse(op).content.map((c) => c.mediaType);

  const createdJson =
    successResponse(create).content.find((c) => c.mediaType === 'application/json') ??
    fail('create has no JSON response');
  const [idField] = markedProperty(contract, createdJson.resolvedSchema, 'id', `${create.operationId}'s JSON response`);

  const body = create.requestBody ?? fail(`${create.operationId} has no request body`);
  const bodyMedia = body.content[0] ?? fail('create request body has no media type');
  const [nameField, nameRef] = markedProperty(
    contract,
    bodyMedia.resolvedSchema,
    'name',
    `${create.operationId}'s request body`,
  );
  const nameSchema = contract.deref<JsonSchema>(nameRef);
  const nameCodePoints = nameCodePointsOf(nameSchema);

  const listJson =
    successResponse(list).content.find((c) => c.mediaType === 'application/json') ?? fail('list has no JSON response');
  const page = `${list.operationId}'s JSON response`;
  const [itemsField] = markedProperty(contract, listJson.resolvedSchema, 'items', page);
  const [totalField] = markedProperty(contract, listJson.resolvedSchema, 'total', page);
  const query = list.parameters.filter((p) => p.in === 'query');
  const limitParam = query.find((p) => p.role === 'limit');
  // next first, then previous: checks walk forward with the first and back with the second.
  const cursors = (['next', 'previous'] as const).map((dir) => {
    const role = `${dir}-cursor`;
    return {
      param: markedParam(list, role, 'query').name,
      field: markedProperty(contract, listJson.resolvedSchema, role, page)[0],
    };
  });

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
    validateCreateBody: (v) => bodyMedia.validate(v),
    maxBodyBytes: body.maxBytes,
    requestMediaType: bodyMedia.mediaType,
    itemsField,
    totalField,
    cursors,
    limitParam,
    successMedia,
    successResponse,
    collectionPath: (e) => fill(list.pathTemplate, { [endpointParam.name]: e }),
    itemPath: (e, k) => fill(read.pathTemplate, { [endpointParam.name]: e, [keyParam.name]: k }),
    methodsByPath: methodsByPathOf(contract),
  };
}

/** The one operation marked `x-role: role`. */
function operationByRole(ops: readonly Operation[], role: string): Operation {
  const found = ops.filter((o) => o.role === role);
  return found.length === 1
    ? found[0]!
    : fail(`the document needs exactly one operation marked x-role: ${role} (found ${found.length})`);
}

/** The one parameter of an operation in `where` marked `x-role: role`. */
function markedParam(op: Operation, role: string, where: ParameterSpec['in']): ParameterSpec {
  const found = op.parameters.filter((p) => p.in === where && p.role === role);
  return found.length === 1
    ? found[0]!
    : fail(`${op.operationId} needs exactly one ${where} parameter marked x-role: ${role} (found ${found.length})`);
}

/** An operation's documented success response (the first 2xx). */
function successResponse(op: Operation): ResponseSpec {
  return op.responses.find((r) => /^2\d\d$/.test(r.status)) ?? fail(`${op.operationId} documents no 2xx response`);
}

/** Methods each path template has, as the document declares them. */
function methodsByPathOf(contract: Contract): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [template, pathOps] of contract.pathsByTemplate())
    out.set(
      template,
      pathOps.map((o) => o.method),
    );
  return out;
}

/** Path of an operation for the given endpoint and key ids. */
export function pathOf(api: ApiModel, op: Operation, endpointId: string, keyId: string): string {
  return op.pathParamNames.includes(api.keyParam.name)
    ? api.itemPath(endpointId, keyId)
    : api.collectionPath(endpointId);
}
