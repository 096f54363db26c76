import type { ErrorObject } from 'ajv';
import { csvColumns, DecodeError, decodeBody, mediaTypeEssence, representationOf, type Decoded } from './codec.js';
import type { NegotiationOutcome } from './negotiate.js';
import type { Contract, ResponseSpec } from './types.js';

/** One way a response breaks the contract. `code` is stable; `message` is for people. */
export interface Violation {
  code:
    | 'STATUS_UNDOCUMENTED'
    | 'CONTENT_TYPE_MISSING'
    | 'CONTENT_TYPE_UNDOCUMENTED'
    | 'CONTENT_TYPE_NOT_NEGOTIATED'
    | 'STATUS_NOT_NEGOTIATED'
    | 'CONTENT_TYPE_CHARSET'
    | 'BODY_UNEXPECTED'
    | 'HEADER_MISSING'
    | 'HEADER_INVALID'
    | 'BODY_UNDECODABLE'
    | 'BODY_INVALID';
  message: string;
}

/** A response as seen on the wire. Header names are lower case. */
export interface ObservedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface CheckResult {
  violations: Violation[];
  /** The documented response it was matched to (explicit status, or `default` for a 5xx). */
  response: ResponseSpec | undefined;
  /** The documented media type it was matched to. */
  mediaType: string | undefined;
  decoded: Decoded | undefined;
}

function headerValue(h: ObservedResponse['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/**
 * The parameters of a media type (RFC 9110 §8.3.1, §5.6.6): `type/subtype *( OWS ";" OWS [ name "=" value ] )`, the
 * value a token or a quoted-string (unquoted here). Names are lower-cased (they are case-insensitive); values are kept
 * as written. Empty elements are skipped; a name given twice keeps its first value. A `;` inside a quoted-string is
 * part of the value.
 */
export function mediaTypeParameters(contentType: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = contentType.indexOf(';');
  if (i < 0) return out;
  while (i < contentType.length) {
    i++; // past the ';'
    let name = '';
    for (; i < contentType.length && contentType[i] !== '=' && contentType[i] !== ';'; i++) name += contentType[i];
    let value = '';
    if (contentType[i] === '=') {
      i++;
      while (contentType[i] === ' ' || contentType[i] === '\t') i++;
      if (contentType[i] === '"') {
        for (i++; i < contentType.length && contentType[i] !== '"'; i++) {
          if (contentType[i] === '\\') i++;
          if (i < contentType.length) value += contentType[i];
        }
        i++; // past the closing quote
        while (i < contentType.length && contentType[i] !== ';') i++;
      } else {
        for (; i < contentType.length && contentType[i] !== ';'; i++) value += contentType[i];
        value = value.trim();
      }
    }
    const n = name.trim().toLowerCase();
    if (n.length > 0 && !out.has(n)) out.set(n, value);
  }
  return out;
}

export function formatAjvErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()).join('; ');
}

/**
 * Checks one response against the responses an operation documents: status documented, Content-Type documented
 * (and one of the types `negotiation` allows, when given; a 406 only where it allows 406), documented headers present
 * and valid, body decodable and valid for its
 * media type (XML and CSV are read back and validated like JSON). `default` covers only 5xx: every 4xx this
 * contract can send is listed explicitly, so an unlisted 4xx is a violation.
 */
export function checkResponse(
  contract: Contract,
  responses: readonly ResponseSpec[],
  res: ObservedResponse,
  negotiation?: NegotiationOutcome,
): CheckResult {
  const violations: Violation[] = [];
  const status = String(res.status);
  // Spec, Content negotiation: 406 only when no allowed reading of Accept leaves a type with q > 0, and a success
  // only when some reading does.
  if (negotiation && res.status === 406 && !negotiation.notAcceptable) {
    violations.push({
      code: 'STATUS_NOT_NEGOTIATED',
      message: `406, but Accept makes ${negotiation.types.join(' or ')} acceptable`,
    });
  }
  if (negotiation && res.status >= 200 && res.status < 300 && negotiation.types.length === 0) {
    violations.push({
      code: 'STATUS_NOT_NEGOTIATED',
      message: `status ${status}, but Accept excludes every documented media type (expected 406)`,
    });
  }
  const response =
    responses.find((r) => r.status === status) ??
    (res.status >= 500 ? responses.find((r) => r.status === 'default') : undefined);
  const result: CheckResult = { violations, response, mediaType: undefined, decoded: undefined };
  if (!response) {
    violations.push({ code: 'STATUS_UNDOCUMENTED', message: `status ${status} is not documented for this operation` });
    return result;
  }
  for (const h of response.headers) {
    const v = headerValue(res.headers, h.name);
    if (v === undefined) {
      if (h.required)
        violations.push({ code: 'HEADER_MISSING', message: `documented header ${h.displayName} is missing` });
    } else if (!h.validate(v)) {
      violations.push({
        code: 'HEADER_INVALID',
        message: `header ${h.displayName}: ${formatAjvErrors(h.validate.errors)}`,
      });
    }
  }
  const contentType = headerValue(res.headers, 'content-type');
  if (response.content.length === 0) {
    if (res.body.length > 0)
      violations.push({
        code: 'BODY_UNEXPECTED',
        message: `status ${status} documents no body, got ${res.body.length} bytes`,
      });
    return result;
  }
  if (!contentType) {
    violations.push({ code: 'CONTENT_TYPE_MISSING', message: 'no Content-Type on a response that documents a body' });
    return result;
  }
  const essence = mediaTypeEssence(contentType);
  const media = response.content.find((c) => c.mediaType === essence);
  if (!media) {
    violations.push({
      code: 'CONTENT_TYPE_UNDOCUMENTED',
      message: `Content-Type ${essence} is not documented for ${status} (documented: ${response.content.map((c) => c.mediaType).join(', ')})`,
    });
    return result;
  }
  result.mediaType = media.mediaType;
  // text/* defaults to US-ASCII when no charset is given (RFC 6657 §4, RFC 4180 §3); this format is UTF-8.
  if (essence === 'text/csv') {
    const charset = mediaTypeParameters(contentType).get('charset');
    if (!charset || !/^utf-8$/i.test(charset)) {
      violations.push({
        code: 'CONTENT_TYPE_CHARSET',
        message: `${contentType}: text/csv needs charset=utf-8 (without it the charset is US-ASCII)`,
      });
    }
  }
  // The negotiated types bind a success's Content-Type only: errors are problem+json whatever Accept says.
  if (
    negotiation &&
    res.status >= 200 &&
    res.status < 300 &&
    negotiation.types.length > 0 &&
    !negotiation.types.includes(essence)
  ) {
    violations.push({
      code: 'CONTENT_TYPE_NOT_NEGOTIATED',
      message: `Accept allows ${negotiation.types.join(' or ')}, got ${essence}`,
    });
  }
  let decoded: Decoded;
  try {
    decoded = decodeBody(res.body, media, response, contract);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    // RFC 8259 §8.1: implementations MUST NOT add a byte order mark to a networked JSON text. Said plainly, since the
    // parser's own message points at an invisible character.
    const bom = res.body.startsWith('\uFEFF') && representationOf(media.mediaType) === 'json';
    violations.push({
      code: 'BODY_UNDECODABLE',
      message: `${media.mediaType}: ${bom ? 'starts with a byte order mark (RFC 8259 §8.1: a JSON text sent over a network MUST NOT)' : e.message}`,
    });
    return result;
  }
  result.decoded = decoded;
  if (decoded.representation === 'csv') {
    const row = media.csvRow!;
    // RFC 4180 §2: records end with CRLF. No documented value holds a line break, so a bare LF is a wrong record end.
    if (/(?<!\r)\n/.test(res.body))
      violations.push({
        code: 'BODY_INVALID',
        message: 'text/csv: records must end with CRLF (RFC 4180 §2), found a bare LF',
      });
    // The header row names the row schema's properties in declared order (spec: Representations, text/csv).
    const expected = csvColumns(row.schema, contract.deref);
    const sameSet = expected.length === decoded.columns.length && expected.every((c) => decoded.columns.includes(c));
    if (sameSet && expected.join(',') !== decoded.columns.join(',')) {
      violations.push({
        code: 'BODY_INVALID',
        message: `text/csv: columns ${decoded.columns.join(',')}, expected the schema's order ${expected.join(',')}`,
      });
    }
    if (decoded.shape.mode === 'single' && decoded.rows.length !== 1) {
      violations.push({
        code: 'BODY_INVALID',
        message: `text/csv: expected exactly one row, got ${decoded.rows.length}`,
      });
    }
    decoded.rows.forEach((r, i) => {
      if (!row.validate(r)) {
        violations.push({
          code: 'BODY_INVALID',
          message: `text/csv row ${i + 1}: ${formatAjvErrors(row.validate.errors)}`,
        });
      }
    });
  } else if (!media.validate(decoded.value)) {
    violations.push({ code: 'BODY_INVALID', message: `${media.mediaType}: ${formatAjvErrors(media.validate.errors)}` });
  }
  // RFC 9457 §3.1.2: a problem's `status` member is the status code of the response that carries it.
  const body = decoded.representation === 'csv' ? undefined : decoded.value;
  if (media.mediaType === 'application/problem+json' && typeof body === 'object' && body !== null) {
    const st = (body as Record<string, unknown>)['status'];
    if (typeof st === 'number' && st !== res.status) {
      violations.push({
        code: 'BODY_INVALID',
        message: `problem status ${st} differs from the response status ${res.status}`,
      });
    }
  }
  return result;
}
