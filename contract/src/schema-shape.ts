import type { Deref } from './deref.js';
import type { JsonSchema } from './types.js';

/** The declared properties of a (resolved) object schema, each resolved, in declared order. */
export function props(schema: JsonSchema, deref: Deref): [string, JsonSchema][] {
  return Object.entries((deref<JsonSchema>(schema)['properties'] ?? {}) as Record<string, JsonSchema>).map(([k, v]) => [
    k,
    deref<JsonSchema>(v),
  ]);
}

/** The JSON types a (resolved) schema admits, looking through oneOf/anyOf. */
export function typesOf(schema: JsonSchema, deref: Deref): Set<string> {
  const s = deref<JsonSchema>(schema);
  const out = new Set<string>();
  const t = s['type'];
  if (typeof t === 'string') out.add(t);
  if (Array.isArray(t)) for (const x of t) out.add(String(x));
  for (const k of ['oneOf', 'anyOf']) {
    for (const sub of (s[k] ?? []) as JsonSchema[]) for (const x of typesOf(sub, deref)) out.add(x);
  }
  return out;
}

const INTEGER = /^-?(0|[1-9][0-9]*)$/;

/** Turns the text of an XML element or CSV cell into the JSON value its schema expects; leaves it alone if it cannot. */
export function scalarFromText(text: string, schema: JsonSchema, deref: Deref): unknown {
  const types = typesOf(schema, deref);
  if ((types.has('integer') || types.has('number')) && !types.has('string') && INTEGER.test(text)) return Number(text);
  if (types.has('boolean') && !types.has('string') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}
