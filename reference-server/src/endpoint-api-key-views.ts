import type { Contract, JsonSchema, Operation } from '../../contract/src/index.js';
import type { components } from '../../spec/generated/openapi.js';
import type { CursorCodec } from './cursor-codec.js';
import { HttpError } from './http-error.js';
import { createKeyMaterial, type KeyMaterial } from './key-material.js';
import type { Loaded } from './operation-handler.js';
import type { KeyRecord, Store } from './store.js';

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
  return Object.keys(schema['properties'] ?? {});
}

/** Copies onto a schema's properties only, in its order: a field the schema lacks (the secret) cannot leak. */
export function project(source: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of names) if (n in source) out[n] = source[n];
  return out;
}

/** A path template (`/a/{x}/b`) compiled once into a function of its parameters, each percent-encoded. */
function compileTemplate(template: string): (values: Readonly<Record<string, string>>) => string {
  const parts = template.split(/\{([^}]+)\}/);
  return (values) => {
    let out = '';
    parts.forEach((part, i) => {
      out += i % 2 === 0 ? part : encodeURIComponent(values[part] ?? '');
    });
    return out;
  };
}

/** How the handlers see keys: their fields under the spec's names, their links, and the 404 lookups. */
export interface EndpointApiKeyViews {
  keys: KeyMaterial;
  /** The fields of the create response, and of a key's metadata, in the spec's order. */
  createdFields: string[];
  metadataFields: string[];
  fieldsOf: (r: KeyRecord) => Record<string, unknown>;
  withSelf: (value: Record<string, unknown>, href: string, hal: boolean) => Record<string, unknown>;
  keyPath: (r: KeyRecord) => string;
  listPath: (endpointId: string) => string;
  /** The `404` stage of an operation on an Endpoint's keys. */
  requireEndpoint: (params: Readonly<Record<string, string>>) => Promise<Loaded>;
  /** The `404` stage of an operation on one key. */
  requireKey: (params: Readonly<Record<string, string>>) => Promise<Loaded>;
}

function param(params: Readonly<Record<string, string>>, name: string): string {
  const v = params[name];
  if (v === undefined) throw new Error(`path parameter ${name} missing`);
  return v;
}

export function createEndpointApiKeyViews(deps: HandlerDeps): EndpointApiKeyViews {
  const { contract, store, basePath } = deps;
  const createOp = contract.operationByRole('create');
  const readOp = contract.operationByRole('read');
  const listOp = contract.operationByRole('list');
  const keys = createKeyMaterial(contract, successSchema(createOp, '201'));
  const { previewField } = keys;
  const keyPath = compileTemplate(readOp.pathTemplate);
  const listPath = compileTemplate(listOp.pathTemplate);
  const endpointExists = async (endpointId: string): Promise<void> => {
    if (!(await store.endpointExists(endpointId))) throw new HttpError('not-found', `No Endpoint ${endpointId}.`);
  };
  return {
    keys,
    createdFields: propertyNames(successSchema(createOp, '201')),
    metadataFields: propertyNames(successSchema(readOp, '200')),
    /**
     * A record's fields under the spec's names. Typed by the generated `EndpointApiKeyMetadata`, so renaming a field
     * in the spec breaks this line at compile time (after `npm run generate`); the preview's name comes from
     * `x-preview`.
     */
    fieldsOf: (r) => {
      const metadata: Metadata = { _id: r._id, name: r.name, keyPreview: r.keyPreview, createdAt: r.createdAt };
      if (previewField === 'keyPreview') return metadata;
      const { keyPreview, ...rest } = metadata;
      return { ...rest, [previewField]: keyPreview };
    },
    withSelf: (value, href, hal) => (hal ? { ...value, _links: { self: { href } } } : value),
    keyPath: (r) => basePath + keyPath({ endpointId: r.endpointId, apiKeyId: r._id }),
    listPath: (endpointId) => basePath + listPath({ endpointId }),
    requireEndpoint: async (params) => {
      const endpointId = param(params, 'endpointId');
      await endpointExists(endpointId);
      return { endpointId };
    },
    requireKey: async (params) => {
      const endpointId = param(params, 'endpointId');
      const id = param(params, 'apiKeyId');
      await endpointExists(endpointId);
      const record = await store.get(endpointId, id);
      if (!record) throw new HttpError('not-found', `No Endpoint API Key ${id} on this Endpoint.`);
      return { endpointId, record };
    },
  };
}
