import type { components } from '../../spec/generated/openapi.js';
import {
  createEndpointApiKeyViews,
  project,
  type EndpointApiKeyViews,
  type HandlerDeps,
} from './endpoint-api-key-views.js';
import { HttpError } from './http-error.js';
import { createListEndpointApiKeys } from './list-endpoint-api-keys.js';
import type { Loaded, OperationHandler } from './operation-handler.js';
import type { KeyRecord, Store } from './store.js';

export type { HandlerDeps } from './endpoint-api-key-views.js';

type CreateRequest = components['schemas']['CreateEndpointApiKeyRequest'];

function recordOf(loaded: Loaded): KeyRecord {
  if (!loaded.record) throw new Error('the key was not loaded');
  return loaded.record;
}

function createEndpointApiKey(views: EndpointApiKeyViews, deps: HandlerDeps): OperationHandler {
  return {
    load: views.requireEndpoint,
    async handle({ loaded, body, hal }) {
      const { name } = body as CreateRequest;
      const key = views.keys.generate();
      const record: KeyRecord = {
        _id: deps.newId(),
        endpointId: loaded.endpointId,
        name,
        keyPreview: key.preview,
        createdAt: Math.floor(deps.clock() / 1000),
        keyDigest: key.digest,
      };
      await deps.store.create(record);
      const value = project(
        { [views.keys.secretField]: key.plaintext, ...views.fieldsOf(record) },
        views.createdFields,
      );
      const location = views.keyPath(record);
      return {
        status: 201,
        // RFC 9111 §5.2.2.5: the body carries the secret, so no cache may keep it.
        headers: { location, 'cache-control': 'no-store', vary: 'Accept' },
        value: views.withSelf(value, location, hal),
      };
    },
  };
}

function readEndpointApiKey(views: EndpointApiKeyViews): OperationHandler {
  return {
    load: views.requireKey,
    handle: ({ loaded, hal }) => {
      const record = recordOf(loaded);
      return Promise.resolve({
        status: 200,
        headers: { vary: 'Accept' },
        value: views.withSelf(project(views.fieldsOf(record), views.metadataFields), views.keyPath(record), hal),
      });
    },
  };
}

function deleteEndpointApiKey(views: EndpointApiKeyViews, store: Store): OperationHandler {
  return {
    load: views.requireKey,
    async handle({ loaded }) {
      const record = recordOf(loaded);
      // Revoked by a concurrent request between load and here: same answer as if it never existed.
      if (!(await store.delete(loaded.endpointId, record._id))) {
        throw new HttpError('not-found', `No Endpoint API Key ${record._id} on this Endpoint.`);
      }
      return { status: 204 };
    },
  };
}

/**
 * The four operations of the Endpoint API Keys resource, keyed by their `x-role` (spec: Roles). The pipeline refuses
 * to start unless these keys equal the roles of the spec's operations.
 */
export function createEndpointApiKeyHandlers(deps: HandlerDeps): Record<string, OperationHandler> {
  const views = createEndpointApiKeyViews(deps);
  return {
    create: createEndpointApiKey(views, deps),
    list: createListEndpointApiKeys(views, deps.store, deps.cursors),
    read: readEndpointApiKey(views),
    delete: deleteEndpointApiKey(views, deps.store),
  };
}
