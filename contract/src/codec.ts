import { csvShape, encodeCsv, readCsv, type CsvShape } from './csv.js';
import { DecodeError } from './decode-error.js';
import { representationOf } from './representation.js';
import type { Contract, MediaTypeSpec, ResponseSpec } from './types.js';
import { decodeXml, encodeXml } from './xml.js';

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
