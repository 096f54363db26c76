import { ContractError } from './contract-error.js';
import { createDeref } from './deref.js';
import { findMarkedFields, findPreviewRules, readMethodNotAllowed, readMinHeaderSectionBytes } from './read-markers.js';
import { readOperations, type SpecReader } from './read-operations.js';
import { createSchemaCompiler } from './schema-compiler.js';
import { bundledSpecPath, readSpecDocument } from './spec-document.js';
import type { Contract, JsonSchema, Operation } from './types.js';

/**
 * Loads an OpenAPI 3.1 document and derives everything the server and the conformance suite need from it:
 * operations, parameter and body validators, response validators, secret fields and limits. Throws
 * {@link ContractError} (`SPEC_UNREADABLE`, `SPEC_INVALID`, `MARKER_MISSING`).
 */
export function loadContract(path: string = bundledSpecPath()): Contract {
  return contractFromDocument(readSpecDocument(path));
}

function apiKeyHeaderOf(components: Record<string, Record<string, unknown>>): string {
  const securitySchemes = (components['securitySchemes'] ?? {}) as Record<string, Record<string, unknown>>;
  const scheme = Object.values(securitySchemes).find((s) => s['type'] === 'apiKey' && s['in'] === 'header');
  return scheme ? String(scheme['name']) : 'X-API-Key';
}

/** Same as {@link loadContract}, from an already parsed document. */
export function contractFromDocument(doc: Record<string, unknown>): Contract {
  const components = (doc['components'] ?? {}) as Record<string, Record<string, unknown>>;
  const schemas = (components['schemas'] ?? {}) as Record<string, JsonSchema>;
  const reader: SpecReader = { deref: createDeref(doc), compile: createSchemaCompiler(schemas) };
  const { deref, compile } = reader;
  const operations = readOperations(reader, doc);
  return {
    document: doc,
    operations,
    apiKeyHeader: apiKeyHeaderOf(components),
    secretFields: findMarkedFields(schemas, (s) => s['x-secret'] === true, deref),
    timestampFields: findMarkedFields(schemas, (s) => s['x-unix-time'] === true, deref),
    previewRules: findPreviewRules(schemas, deref),
    ...readMethodNotAllowed(reader, doc),
    minHeaderSectionBytes: readMinHeaderSectionBytes(doc),
    compile,
    deref,
    schema: (name: string) => {
      const s = schemas[name];
      if (!s) throw new ContractError('NOT_IN_SPEC', `no schema ${name} in the spec`);
      return s;
    },
    validatorFor: (name: string) => compile({ $ref: `#/components/schemas/${name}` }),
    operation: (operationId: string) => {
      const op = operations.find((o) => o.operationId === operationId);
      if (!op) throw new ContractError('NOT_IN_SPEC', `no operation ${operationId} in the spec`);
      return op;
    },
    operationByRole: (role: string) => {
      const found = operations.filter((o) => o.role === role);
      if (found.length !== 1) {
        throw new ContractError(
          'MARKER_MISSING',
          `the spec needs exactly one operation marked x-role: ${role} (found ${found.length})`,
        );
      }
      return found[0]!;
    },
    pathsByTemplate: () => {
      const byPath = new Map<string, Operation[]>();
      for (const op of operations) byPath.set(op.pathTemplate, [...(byPath.get(op.pathTemplate) ?? []), op]);
      return byPath;
    },
  };
}
