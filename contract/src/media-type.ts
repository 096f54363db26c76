import { parse as parseContentType } from 'content-type';

/** A parsed media type (RFC 9110 §8.3.1): `type/subtype` and its parameters. */
export interface MediaType {
  /** `type/subtype`, lower case (type and subtype are case-insensitive). */
  essence: string;
  /**
   * Parameters by lower-case name (names are case-insensitive), values unquoted. The `charset` value is lower-cased
   * too (RFC 9110 §8.3.2: charset names are case-insensitive); other values are kept as written.
   */
  parameters: ReadonlyMap<string, string>;
}

// RFC 9110 §5.6.6 (`parameters = *( OWS ";" OWS [ parameter ] )`) allows what content-type 1.x refuses: empty
// elements (`text/csv;; charset=utf-8`, a trailing `;`) and HTAB as optional white space. Outside quoted strings,
// this drops the empty elements and turns HTAB into SP before the library reads the value. (An HTAB inside a quoted
// string is still refused: content-type 1.0.5 reads qdtext with VT where RFC 9110 has HTAB.)
const QUOTED_STRING_OR_EMPTY_ELEMENT_OR_TAB = /"(?:[^"\\]|\\.)*"?|;[ \t]*(?=;|$)|\t/g;

function tidy(value: string): string {
  return value.replace(QUOTED_STRING_OR_EMPTY_ELEMENT_OR_TAB, (m) => (m.startsWith('"') ? m : m === '\t' ? ' ' : ''));
}

/**
 * Parses a Content-Type value with the `content-type` package (jshttp). Undefined when the value is absent or not a
 * media type (`text`, `a/b; charset`, an unterminated quoted string). When a parameter is given twice, the last wins.
 */
export function parseMediaType(value: string | undefined): MediaType | undefined {
  if (value === undefined) return undefined;
  let parsed;
  try {
    parsed = parseContentType(tidy(value));
  } catch {
    return undefined;
  }
  const parameters = new Map<string, string>();
  for (const [name, v] of Object.entries(parsed.parameters))
    parameters.set(name, name === 'charset' ? v.toLowerCase() : v);
  return { essence: parsed.type, parameters };
}

/** Media type essence: type/subtype, lower case, parameters dropped (RFC 9110 §8.3.1); '' when not a media type. */
export function mediaTypeEssence(contentType: string | undefined): string {
  return parseMediaType(contentType)?.essence ?? '';
}
