import { randomBytes } from 'node:crypto';
import type { Contract } from '../../contract/src/index.js';
import { ServeOptionError } from './serve-option-error.js';

/** A base path as routes use it: '' or `/segment…` without a trailing slash. */
export function normaliseBasePath(basePath: string): string {
  if (basePath === '' || basePath === '/') return '';
  if (!/^\/[^?#\s]*[^/?#\s]$/.test(basePath)) {
    throw new ServeOptionError(`basePath must start with "/" and not end with "/", got "${basePath}"`);
  }
  return basePath;
}

/** The API key to require: the given one (non-empty visible ASCII, it travels in a header), or 32 random bytes. */
export function apiKeyOption(apiKey: string | undefined): string {
  const key = apiKey ?? randomBytes(32).toString('hex');
  if (key === '' || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ServeOptionError('apiKey must be non-empty visible ASCII (it travels in a header)');
  }
  return key;
}

/** The Endpoints that exist: the given ids (each valid for the spec's endpointId parameter), else one new id. */
export function endpointIdsOption(ids: string[] | undefined, contract: Contract, newId: () => string): string[] {
  const endpointIds = ids && ids.length > 0 ? [...new Set(ids)] : [newId()];
  const endpointParams = contract.operations.flatMap((op) =>
    op.parameters.filter((p) => p.in === 'path' && p.name === 'endpointId'),
  );
  for (const id of endpointIds) {
    const bad = endpointParams.find((p) => !p.validate(id));
    if (bad) {
      throw new ServeOptionError(
        `endpoint id "${id}" is invalid: ${bad.validate.errors?.map((e) => e.message).join('; ')}`,
      );
    }
  }
  return endpointIds;
}
