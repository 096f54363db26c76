import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { DecodeError } from './decode-error.js';
import type { Deref } from './deref.js';
import { representationOf } from './representation.js';
import { props, scalarFromText, typesOf } from './schema-shape.js';
import type { JsonSchema, MediaTypeSpec, ResponseSpec } from './types.js';

// The spec's CSV format (RFC 4180).

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

/** The text of one cell: empty for null or absent, a scalar as written, anything else as JSON. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** Writes rows as RFC 4180 CSV with a header row and CRLF line breaks. */
export function encodeCsv(rows: Record<string, unknown>[], rowSchema: JsonSchema, deref: Deref): string {
  const columns = csvColumns(rowSchema, deref);
  return stringifyCsv(
    rows.map((r) => columns.map((c) => cellText(r[c]))),
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
    records = parseCsv(text, { relax_column_count: false, skip_empty_lines: false, bom: true });
  } catch (e) {
    throw new DecodeError(`not RFC 4180 CSV: ${(e as Error).message}`);
  }
  const header = records[0];
  if (header === undefined) throw new DecodeError('CSV has no header row');
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
