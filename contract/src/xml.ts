import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { DecodeError } from './decode-error.js';
import type { Deref } from './deref.js';
import { props, scalarFromText, typesOf } from './schema-shape.js';
import type { JsonSchema } from './types.js';

// The spec's XML document format (OpenAPI 3.1 §4.8.26 XML Object).

function xmlNameOf(schema: JsonSchema, deref: Deref, fallback: string): string {
  const xml = deref<JsonSchema>(schema)['xml'] as { name?: string } | undefined;
  return xml?.name ?? fallback;
}

function toXmlTree(value: unknown, schema: JsonSchema, deref: Deref): unknown {
  const s = deref<JsonSchema>(schema);
  if (Array.isArray(value)) {
    const itemSchema = (s['items'] ?? {}) as JsonSchema;
    const itemName = xmlNameOf(itemSchema, deref, 'item');
    return value.length === 0 ? '' : { [itemName]: value.map((v) => toXmlTree(v, itemSchema, deref)) };
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    const known = new Map(props(s, deref));
    const obj = value as Record<string, unknown>;
    const order = [...known.keys(), ...Object.keys(obj).filter((k) => !known.has(k))];
    for (const key of order) {
      const v = obj[key];
      if (v === undefined || v === null) continue; // null is written by leaving the element out (spec: Representations)
      out[key] = toXmlTree(v, known.get(key) ?? {}, deref);
    }
    return out;
  }
  return String(value);
}

const xmlBuilder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: false,
  suppressEmptyNode: false,
  processEntities: true,
});

/** Writes a JSON-model value as the spec's XML document format. */
export function encodeXml(value: unknown, schema: JsonSchema, deref: Deref): string {
  const root = xmlNameOf(schema, deref, 'root');
  return xmlBuilder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    [root]: toXmlTree(value, schema, deref),
  });
}

const xmlParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  // Numeric character references are text (XML 1.0 §4.1); fast-xml-parser decodes them only with htmlEntities set.
  // An empty table adds no HTML names (&nbsp; stays undecoded: XML 1.0 predefines only five entities, §4.6). The
  // typings say boolean, but the parser reads a truthy value as "decode numeric references, plus these names".
  htmlEntities: {} as unknown as boolean,
});

function fromXmlList(node: unknown, s: JsonSchema, deref: Deref): unknown {
  const itemSchema = (s['items'] ?? {}) as JsonSchema;
  const itemName = xmlNameOf(itemSchema, deref, 'item');
  // White space between the wrapper's tags is not content (XML 1.0 §2.10): `<items>\n</items>` is an empty list.
  if (node === undefined || (typeof node === 'string' && node.trim() === '')) return [];
  if (typeof node !== 'object' || node === null) return node;
  const raw = (node as Record<string, unknown>)[itemName];
  const list: unknown[] = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const extra = Object.keys(node).filter((k) => k !== itemName && k !== '#text');
  if (extra.length > 0) return { unexpectedElements: extra }; // fails the array type, with the names in the value
  return list.map((v) => fromXmlTree(v, itemSchema, deref));
}

function fromXmlObject(node: unknown, s: JsonSchema, deref: Deref): unknown {
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  const known = new Map(props(s, deref));
  for (const [key, v] of Object.entries(node as Record<string, unknown>)) {
    if (key === '#text' && typeof v === 'string' && v.trim() === '') continue;
    out[key] = fromXmlTree(v, known.get(key) ?? {}, deref);
  }
  for (const [key, propSchema] of known) {
    if (!(key in out) && typesOf(propSchema, deref).has('null')) out[key] = null;
  }
  return out;
}

function fromXmlTree(node: unknown, schema: JsonSchema, deref: Deref): unknown {
  const s = deref<JsonSchema>(schema);
  const types = typesOf(s, deref);
  if (types.has('array')) return fromXmlList(node, s, deref);
  if (types.has('object')) return fromXmlObject(node, s, deref);
  if (Array.isArray(node)) return node; // a repeated element where one value belongs: left for the schema to reject
  if (typeof node === 'string') return scalarFromText(node, s, deref);
  return node;
}

/** Reads the spec's XML document format back into the JSON model. Throws {@link DecodeError}. */
export function decodeXml(body: string, schema: JsonSchema, deref: Deref): unknown {
  // A UTF-8 document may begin with a byte order mark (XML 1.0 §4.3.3, Appendix F.1): an encoding signature, not
  // content, so it may stand before the XML declaration.
  const text = body.startsWith('\uFEFF') ? body.slice(1) : body;
  // The body is read as UTF-8 (the spec's format); a declaration naming another encoding misleads XML readers.
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
  if (declared !== undefined && !/^utf-?8$/i.test(declared))
    throw new DecodeError(`the XML declaration says encoding="${declared}", the format is UTF-8`);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new DecodeError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const tree = xmlParser.parse(text) as Record<string, unknown>;
  const root = xmlNameOf(schema, deref, 'root');
  const roots = Object.keys(tree);
  if (roots.length !== 1 || roots[0] !== root) {
    throw new DecodeError(`expected root element <${root}>, found ${roots.map((r) => `<${r}>`).join(', ') || 'none'}`);
  }
  return fromXmlTree(tree[root], schema, deref);
}
