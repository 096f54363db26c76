import type { Contract, JsonSchema, Operation } from '../../contract/src/index.js';
import type { components } from '../../spec/generated/openapi.js';
import type { CursorCodec, DecodedCursor } from './cursor-codec.js';
import { HttpError, type FieldError } from './http-error.js';
import { createKeyMaterial } from './key-material.js';
import type { HandlerReply, Loaded, OperationHandler } from './operation-handler.js';
import type { KeyRecord, Page, PageQuery, Position, Store } from './store.js';

type CreateRequest = components['schemas']['CreateEndpointApiKeyRequest'];
type Metadata = components['schemas']['EndpointApiKeyMetadata'];

export interface HandlerDeps {
  contract: Contract;
  store: Store;
  clock: () => number;
  newId: () => string;
  cursors: CursorCodec;
  basePath: string;
}

/** The JSON schema of an operation's documented success response. */
function successSchema(op: Operation, status: string): JsonSchema {
  const media = op.responses.find((r) => r.status === status)?.content.find((c) => c.mediaType === 'application/json');
  if (!media) throw new Error(`${op.operationId} documents no ${status} application/json response`);
  return media.resolvedSchema;
}

/** Property names of an object schema, in declared order. */
function propertyNames(schema: JsonSchema): string[] {
  return Object.keys((schema['properties'] ?? {}) as Record<string, unknown>);
}

/** Copies onto a schema's properties only, in its order: a field the schema lacks (the secret) cannot leak. */
function project(source: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of names) if (n in source) out[n] = source[n];
  return out;
}

function expand(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

/**
 * The four operations of the Endpoint API Keys resource, keyed by operationId. The pipeline refuses to start
 * unless these keys equal the spec's operations.
 */
export function createEndpointApiKeyHandlers(deps: HandlerDeps): Record<string, OperationHandler> {
  const { contract, store, clock, newId, cursors, basePath } = deps;
  const createOp = contract.operation('createEndpointApiKey');
  const readOp = contract.operation('readEndpointApiKey');
  const listOp = contract.operation('listEndpointApiKeys');
  const createdFields = propertyNames(successSchema(createOp, '201'));
  const metadataFields = propertyNames(successSchema(readOp, '200'));
  const keys = createKeyMaterial(contract, successSchema(createOp, '201'));

  const keyPath = (r: KeyRecord) =>
    basePath + expand(readOp.pathTemplate, { endpointId: r.endpointId, apiKeyId: r._id });
  const listPath = (endpointId: string) => basePath + expand(listOp.pathTemplate, { endpointId });

  /**
   * A record's fields under the spec's names. Typed by the generated `EndpointApiKeyMetadata`, so renaming a field in
   * the spec breaks this line at compile time (after `npm run generate`); the preview's name comes from `x-preview`.
   */
  const fieldsOf = (r: KeyRecord): Record<string, unknown> => {
    const metadata: Metadata = { _id: r._id, name: r.name, keyPreview: r.keyPreview, createdAt: r.createdAt };
    const { keyPreview, ...rest } = metadata;
    return { ...rest, [keys.previewField]: keyPreview };
  };
  const withSelf = (value: Record<string, unknown>, href: string, hal: boolean) =>
    hal ? { ...value, _links: { self: { href } } } : value;

  const requireEndpoint = async (endpointId: string): Promise<void> => {
    if (!(await store.endpointExists(endpointId))) throw new HttpError('not-found', `No Endpoint ${endpointId}.`);
  };
  const requireKey = async (params: Readonly<Record<string, string>>): Promise<Loaded> => {
    const endpointId = params['endpointId']!;
    const id = params['apiKeyId']!;
    await requireEndpoint(endpointId);
    const record = await store.get(endpointId, id);
    if (!record) throw new HttpError('not-found', `No Endpoint API Key ${id} on this Endpoint.`);
    return { endpointId, record };
  };

  const createEndpointApiKey: OperationHandler = {
    async load(params) {
      const endpointId = params['endpointId']!;
      await requireEndpoint(endpointId);
      return { endpointId };
    },
    async handle({ loaded, body, hal }) {
      const { name } = body as CreateRequest;
      const key = keys.generate();
      const record: KeyRecord = {
        _id: newId(),
        endpointId: loaded.endpointId,
        name,
        keyPreview: key.preview,
        createdAt: Math.floor(clock() / 1000),
        keyDigest: key.digest,
      };
      await store.create(record);
      const value = project({ [keys.secretField]: key.plaintext, ...fieldsOf(record) }, createdFields);
      return {
        status: 201,
        // RFC 9111 §5.2.2.5: the body carries the secret, so no cache may keep it.
        headers: { location: keyPath(record), 'cache-control': 'no-store', vary: 'Accept' },
        value: withSelf(value, keyPath(record), hal),
      };
    },
  };

  const listEndpointApiKeys: OperationHandler = {
    async load(params) {
      const endpointId = params['endpointId']!;
      await requireEndpoint(endpointId);
      return { endpointId };
    },
    checkQuery(query, loaded) {
      const errors: FieldError[] = [];
      if (query['next'] !== undefined && query['previous'] !== undefined) {
        errors.push({ in: 'query', name: 'next', message: 'must not be combined with previous' });
        errors.push({ in: 'query', name: 'previous', message: 'must not be combined with next' });
        throw new HttpError('invalid-request', 'Pass either next or previous, not both.', { errors });
      }
      let cursor: DecodedCursor | undefined;
      let cursorText = '';
      for (const [param, direction] of [
        ['next', 'after'],
        ['previous', 'before'],
      ] as const) {
        const raw = query[param];
        if (typeof raw !== 'string') continue;
        cursor = cursors.decode(loaded.endpointId, raw);
        cursorText = `&${param}=${raw}`;
        if (!cursor || cursor.direction !== direction) {
          throw new HttpError(
            'invalid-request',
            `The ${param} cursor was not issued by this server for this Endpoint.`,
            {
              errors: [{ in: 'query', name: param, message: `is not a ${param} cursor issued for this Endpoint` }],
            },
          );
        }
      }
      return { limit: query['limit'], cursor, cursorText };
    },
    async handle({ loaded, query, hal }): Promise<HandlerReply> {
      const { endpointId } = loaded;
      const limit = query['limit'] as number;
      const cursor = query['cursor'] as DecodedCursor | undefined;
      const pageQuery: PageQuery = !cursor
        ? { limit }
        : cursor.direction === 'after'
          ? { limit, after: cursor.position }
          : { limit, before: cursor.position };
      const page: Page = await store.page(endpointId, pageQuery);
      const total = await store.count(endpointId);
      const first = page.items[0];
      const last = page.items[page.items.length - 1];
      const position = (r: KeyRecord): Position => ({ createdAt: r.createdAt, _id: r._id });
      // An empty page (everything past the cursor was revoked) still leads back towards the keys that remain.
      const nextCursor = page.hasAfter
        ? cursors.encode(endpointId, 'after', last ? position(last) : (cursor as DecodedCursor).position)
        : null;
      const previousCursor = page.hasBefore
        ? cursors.encode(endpointId, 'before', first ? position(first) : (cursor as DecodedCursor).position)
        : null;

      const base = listPath(endpointId);
      const href = (extra: string) => `${base}?limit=${limit}${extra}`;
      const links: string[] = [];
      if (nextCursor) links.push(`<${href(`&next=${nextCursor}`)}>; rel="next"`);
      if (previousCursor) links.push(`<${href(`&previous=${previousCursor}`)}>; rel="prev"`);

      const items = page.items.map((r) => withSelf(project(fieldsOf(r), metadataFields), keyPath(r), hal));
      const value: Record<string, unknown> = { items, total, nextCursor, previousCursor };
      if (hal) {
        const l: Record<string, { href: string }> = { self: { href: href(query['cursorText'] as string) } };
        if (nextCursor) l['next'] = { href: href(`&next=${nextCursor}`) };
        if (previousCursor) l['prev'] = { href: href(`&previous=${previousCursor}`) };
        value['_links'] = l;
      }
      const headers: Record<string, string> = { vary: 'Accept' };
      if (links.length > 0) headers['link'] = links.join(', ');
      return { status: 200, headers, value };
    },
  };

  const readEndpointApiKey: OperationHandler = {
    load: requireKey,
    async handle({ loaded, hal }) {
      const record = loaded.record!;
      return {
        status: 200,
        headers: { vary: 'Accept' },
        value: withSelf(project(fieldsOf(record), metadataFields), keyPath(record), hal),
      };
    },
  };

  const deleteEndpointApiKey: OperationHandler = {
    load: requireKey,
    async handle({ loaded }) {
      const record = loaded.record!;
      // Revoked by a concurrent request between load and here: same answer as if it never existed.
      if (!(await store.delete(loaded.endpointId, record._id))) {
        throw new HttpError('not-found', `No Endpoint API Key ${record._id} on this Endpoint.`);
      }
      return { status: 204 };
    },
  };

  return { createEndpointApiKey, listEndpointApiKeys, readEndpointApiKey, deleteEndpointApiKey };
}
