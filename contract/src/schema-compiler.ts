import type { ValidateFunction } from 'ajv';
import { createAjv } from './create-ajv.js';
import { isRecord } from './is-record.js';
import type { JsonSchema } from './types.js';

const SPEC_ID = 'urn:apikeys-kit:openapi';

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

/** Compiles schemas of the document (refs to its component schemas resolved), each distinct schema once. */
export type SchemaCompiler = (schema: JsonSchema) => ValidateFunction;

/** A {@link SchemaCompiler} over one Ajv instance holding the document's component schemas. */
export function createSchemaCompiler(schemas: Record<string, JsonSchema>): SchemaCompiler {
  const ajv = createAjv();
  ajv.addSchema({ $id: SPEC_ID, $defs: rewriteRefs(schemas) as Record<string, unknown> });
  const cache = new Map<string, ValidateFunction>();
  return (schema) => {
    const key = JSON.stringify(schema);
    let fn = cache.get(key);
    if (!fn) {
      fn = ajv.compile(rewriteRefs(schema) as object);
      cache.set(key, fn);
    }
    return fn;
  };
}
