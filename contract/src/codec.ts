import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import type { Contract, JsonSchema, MediaTypeSpec, ResponseSpec } from './types.js';

/** The families of representation this contract uses. */
export type Representation = 'json' | 'xml' | 'csv';

/** Media type essence: type/subtype, lower case, parameters dropped (RFC 9110 §8.3.1). */
export function mediaTypeEssence(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Which family a media type belongs to, or undefined when this kit cannot read it. */
export function representationOf(mediaType: string): Representation | undefined {
  const mt = mediaTypeEssence(mediaType);
  if (mt === 'application/json' || mt.endsWith('+json')) return 'json';
  if (mt === 'application/xml' || mt === 'text/xml' || mt.endsWith('+xml')) return 'xml';
  if (mt === 'text/csv') return 'csv';
  return undefined;
}

/** The Content-Type value to send for a documented media type. */
export function contentTypeFor(mediaType: string): string {
  const rep = representationOf(mediaType);
  // RFC 4180 §3: text/csv takes charset and header parameters.
  if (rep === 'csv') return `${mediaType}; charset=utf-8; header=present`;
  if (rep === 'xml') return `${mediaType}; charset=utf-8`;
  return mediaType === 'application/json' ? 'application/json; charset=utf-8' : mediaType;
}

/** A decoding failure: the body is not a well-formed document of its media type. */
export class DecodeError extends Error {
  readonly code = 'BODY_UNDECODABLE';
}

type Deref = Contract['deref'];

function props(schema: JsonSchema, deref: Deref): [string, JsonSchema][] {
  return Object.entries((deref<JsonSchema>(schema)['properties'] ?? {}) as Record<string, JsonSchema>).map(([k, v]) => [
    k,
    deref<JsonSchema>(v),
  ]);
}

/** The JSON types a (resolved) schema admits, looking through oneOf/anyOf. */
function typesOf(schema: JsonSchema, deref: Deref): Set<string> {
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
function scalarFromText(text: string, schema: JsonSchema, deref: Deref): unknown {
  const types = typesOf(schema, deref);
  if ((types.has('integer') || types.has('number')) && !types.has('string') && INTEGER.test(text)) return Number(text);
  if (types.has('boolean') && !types.has('string') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

// ---------- XML (OpenAPI 3.1 §4.8.26 XML Object) ----------

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
  }) as string;
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

function fromXmlTree(node: unknown, schema: JsonSchema, deref: Deref): unknown {
  const s = deref<JsonSchema>(schema);
  const types = typesOf(s, deref);
  if (types.has('array')) {
    const itemSchema = (s['items'] ?? {}) as JsonSchema;
    const itemName = xmlNameOf(itemSchema, deref, 'item');
    // White space between the wrapper's tags is not content (XML 1.0 §2.10): `<items>\n</items>` is an empty list.
    if (node === undefined || (typeof node === 'string' && node.trim() === '')) return [];
    if (typeof node !== 'object' || node === null) return node;
    const raw = (node as Record<string, unknown>)[itemName];
    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const extra = Object.keys(node).filter((k) => k !== itemName && k !== '#text');
    if (extra.length > 0) return { unexpectedElements: extra }; // fails the array type, with the names in the value
    return list.map((v) => fromXmlTree(v, itemSchema, deref));
  }
  if (types.has('object')) {
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

// ---------- CSV (RFC 4180) ----------

/** How a CSV document maps onto a response's JSON model: one row for the object, or one per item of an array property. */
export type CsvShape = { mode: 'single' } | { mode: 'list'; property: string };

/** Works out the CSV shape from the response's JSON schema and the `x-csv-row` schema. */
export function csvShape(response: ResponseSpec, csv: MediaTypeSpec, deref: Deref): CsvShape {
  const rowRef = csv.csvRow?.schema['$ref'];
  const json = response.content.find(
    (c) => representationOf(c.mediaType) === 'json' && c.mediaType === 'application/json',
  );
  if (!json || !rowRef) return { mode: 'single' };
  if (json.schema['$ref'] === rowRef) return { mode: 'single' };
  for (const [name, p] of props(json.schema, deref)) {
    const items = p['items'] as JsonSchema | undefined;
    if (typesOf(p, deref).has('array') && items?.['$ref'] === rowRef) return { mode: 'list', property: name };
  }
  return { mode: 'single' };
}

/** Column names of a row schema, in declared order. */
export function csvColumns(rowSchema: JsonSchema, deref: Deref): string[] {
  return props(rowSchema, deref).map(([k]) => k);
}

/** Writes rows as RFC 4180 CSV with a header row and CRLF line breaks. */
export function encodeCsv(rows: Record<string, unknown>[], rowSchema: JsonSchema, deref: Deref): string {
  const columns = csvColumns(rowSchema, deref);
  return stringifyCsv(
    rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c])))),
    { header: true, columns, record_delimiter: 'windows', quoted_match: /^\s|\s$/ },
  );
}

/**
 * Reads RFC 4180 CSV with a header row into row objects typed by the row schema, with the header's column names in
 * their order. Throws {@link DecodeError}.
 */
export function readCsv(
  text: string,
  rowSchema: JsonSchema,
  deref: Deref,
): { columns: string[]; rows: Record<string, unknown>[] } {
  let records: string[][];
  try {
    // A leading UTF-8 byte order mark is an encoding signature, not part of the first column's name: UTF-8 decoding
    // drops it (WHATWG Encoding, "UTF-8 decode"), and spreadsheet-minded CSV writers add it. RFC 4180 is silent.
    records = parseCsv(text, { relax_column_count: false, skip_empty_lines: false, bom: true }) as string[][];
  } catch (e) {
    throw new DecodeError(`not RFC 4180 CSV: ${(e as Error).message}`);
  }
  if (records.length === 0) throw new DecodeError('CSV has no header row');
  const header = records[0]!;
  if (new Set(header).size !== header.length) throw new DecodeError(`CSV header repeats a column: ${header.join(',')}`);
  const known = new Map(props(rowSchema, deref));
  const rows = records.slice(1).map((cells) => {
    const row: Record<string, unknown> = {};
    header.forEach((col, i) => {
      row[col] = scalarFromText(cells[i] ?? '', known.get(col) ?? {}, deref);
    });
    return row;
  });
  return { columns: header, rows };
}

// ---------- any media type ----------

/** A decoded body: the JSON model, or for CSV the rows and the shape they map onto. */
export type Decoded =
  | { representation: 'json' | 'xml'; value: unknown }
  | { representation: 'csv'; rows: Record<string, unknown>[]; shape: CsvShape; columns: string[] };

/** Decodes a response body of a documented media type. Throws {@link DecodeError}. */
export function decodeBody(text: string, media: MediaTypeSpec, response: ResponseSpec, contract: Contract): Decoded {
  const rep = representationOf(media.mediaType);
  if (rep === 'json') {
    try {
      return { representation: 'json', value: JSON.parse(text) as unknown };
    } catch (e) {
      throw new DecodeError(`not JSON: ${(e as Error).message}`);
    }
  }
  if (rep === 'xml') return { representation: 'xml', value: decodeXml(text, media.schema, contract.deref) };
  if (rep === 'csv' && media.csvRow) {
    const { columns, rows } = readCsv(text, media.csvRow.schema, contract.deref);
    return { representation: 'csv', rows, columns, shape: csvShape(response, media, contract.deref) };
  }
  throw new DecodeError(`no reader for ${media.mediaType}`);
}

/** Encodes a JSON-model value in a documented media type. */
export function encodeBody(value: unknown, media: MediaTypeSpec, response: ResponseSpec, contract: Contract): string {
  const rep = representationOf(media.mediaType);
  if (rep === 'xml') return encodeXml(value, media.schema, contract.deref);
  if (rep === 'csv' && media.csvRow) {
    const shape = csvShape(response, media, contract.deref);
    const rows =
      shape.mode === 'list'
        ? ((value as Record<string, unknown>)[shape.property] as Record<string, unknown>[])
        : [value as Record<string, unknown>];
    return encodeCsv(rows, media.csvRow.schema, contract.deref);
  }
  return JSON.stringify(value);
}
