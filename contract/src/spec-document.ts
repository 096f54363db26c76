import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ContractError } from './contract-error.js';
import { isRecord } from './is-record.js';
import { packageRoot } from './package-root.js';

/** Path of the bundled single-file spec (JSON) shipped with the package. */
export function bundledSpecPath(): string {
  return join(packageRoot(), 'spec', 'dist', 'openapi.json');
}

/** Path of the source spec (YAML). */
export function sourceSpecPath(): string {
  return join(packageRoot(), 'spec', 'openapi.yaml');
}

/**
 * Reads an OpenAPI document from a .json or .yaml file. Throws {@link ContractError} `SPEC_UNREADABLE` when the file
 * cannot be read or parsed, `SPEC_INVALID` when it is not an OpenAPI 3.1 document.
 */
export function readSpecDocument(path: string): Record<string, unknown> {
  let doc: unknown;
  try {
    const text = readFileSync(resolve(path), 'utf8');
    doc = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ContractError('SPEC_UNREADABLE', e instanceof Error ? e.message : String(e), { cause: e });
  }
  if (!isRecord(doc) || typeof doc['openapi'] !== 'string' || !doc['openapi'].startsWith('3.1')) {
    throw new ContractError('SPEC_INVALID', `${path} is not an OpenAPI 3.1 document`);
  }
  return doc;
}
