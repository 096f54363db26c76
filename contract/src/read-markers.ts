import { ContractError } from './contract-error.js';
import type { Deref } from './deref.js';
import { toResponse, type SpecReader } from './read-operations.js';
import type { JsonSchema, PreviewRule, ResponseSpec } from './types.js';

/** Property names (in any component schema) whose schema is marked by `marker`. */
export function findMarkedFields(
  schemas: Record<string, JsonSchema>,
  marker: (s: JsonSchema) => boolean,
  deref: Deref,
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
export function findPreviewRules(schemas: Record<string, JsonSchema>, deref: Deref): PreviewRule[] {
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

/**
 * The document's `x-method-not-allowed` response and its `recognisedMethods`. Throws {@link ContractError}
 * `MARKER_MISSING` when the marker is there without its list of methods.
 */
export function readMethodNotAllowed(
  reader: SpecReader,
  doc: Record<string, unknown>,
): { methodNotAllowed: ResponseSpec | undefined; recognisedMethods: string[] } {
  const mna = doc['x-method-not-allowed'] as Record<string, unknown> | undefined;
  if (!mna) return { methodNotAllowed: undefined, recognisedMethods: [] };
  const recognised = mna['recognisedMethods'];
  if (!(Array.isArray(recognised) && recognised.every((m) => typeof m === 'string'))) {
    throw new ContractError(
      'MARKER_MISSING',
      'x-method-not-allowed needs recognisedMethods: the list of methods every implementation answers with 405',
    );
  }
  return { methodNotAllowed: toResponse(reader, '405', mna), recognisedMethods: recognised };
}

/** `x-request-limits.minHeaderSectionBytes`, when the document states it as a finite number. */
export function readMinHeaderSectionBytes(doc: Record<string, unknown>): number | undefined {
  const v = (doc['x-request-limits'] as Record<string, unknown> | undefined)?.['minHeaderSectionBytes'];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
