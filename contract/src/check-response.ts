import type { ErrorObject } from 'ajv';
import { decodeBody, type Decoded } from './codec.js';
import { csvColumns } from './csv.js';
import { DecodeError } from './decode-error.js';
import { parseMediaType } from './media-type.js';
import type { NegotiationOutcome } from './negotiate.js';
import { representationOf } from './representation.js';
import type { Contract, CsvRowSpec, MediaTypeSpec, ResponseSpec } from './types.js';

/** One way a response breaks the contract. `code` is stable; `message` is for people. */
export interface ResponseViolation {
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

export interface ResponseCheck {
  violations: ResponseViolation[];
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

const isSuccess = (status: number): boolean => status >= 200 && status < 300;

export function formatAjvErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()).join('; ');
}

/** Spec, Content negotiation: 406 only when no allowed reading of Accept leaves a type with q > 0, a success only when some reading does. */
function negotiatedStatusViolations(res: ObservedResponse, negotiation: NegotiationOutcome): ResponseViolation[] {
  if (res.status === 406 && !negotiation.notAcceptable) {
    return [
      { code: 'STATUS_NOT_NEGOTIATED', message: `406, but Accept makes ${negotiation.types.join(' or ')} acceptable` },
    ];
  }
  if (isSuccess(res.status) && negotiation.types.length === 0) {
    return [
      {
        code: 'STATUS_NOT_NEGOTIATED',
        message: `status ${res.status}, but Accept excludes every documented media type (expected 406)`,
      },
    ];
  }
  return [];
}

function headerViolations(response: ResponseSpec, res: ObservedResponse): ResponseViolation[] {
  const out: ResponseViolation[] = [];
  for (const h of response.headers) {
    const v = headerValue(res.headers, h.name);
    if (v === undefined) {
      if (h.required) out.push({ code: 'HEADER_MISSING', message: `documented header ${h.displayName} is missing` });
    } else if (!h.validate(v)) {
      out.push({ code: 'HEADER_INVALID', message: `header ${h.displayName}: ${formatAjvErrors(h.validate.errors)}` });
    }
  }
  return out;
}

/**
 * Matches the Content-Type to a documented media type, pushing what is wrong with it; undefined when the body cannot
 * be checked further (no Content-Type, or an undocumented one).
 */
function matchContentType(
  response: ResponseSpec,
  res: ObservedResponse,
  negotiation: NegotiationOutcome | undefined,
  violations: ResponseViolation[],
): MediaTypeSpec | undefined {
  const contentType = headerValue(res.headers, 'content-type');
  if (!contentType) {
    violations.push({ code: 'CONTENT_TYPE_MISSING', message: 'no Content-Type on a response that documents a body' });
    return undefined;
  }
  const parsed = parseMediaType(contentType);
  const documented = response.content.map((c) => c.mediaType).join(', ');
  if (!parsed) {
    violations.push({
      code: 'CONTENT_TYPE_UNDOCUMENTED',
      message: `Content-Type ${contentType} is not a media type (RFC 9110 §8.3.1; documented: ${documented})`,
    });
    return undefined;
  }
  const essence = parsed.essence;
  const media = response.content.find((c) => c.mediaType === essence);
  if (!media) {
    violations.push({
      code: 'CONTENT_TYPE_UNDOCUMENTED',
      message: `Content-Type ${essence} is not documented for ${res.status} (documented: ${documented})`,
    });
    return undefined;
  }
  // text/* defaults to US-ASCII when no charset is given (RFC 6657 §4, RFC 4180 §3); this format is UTF-8.
  if (essence === 'text/csv' && parsed.parameters.get('charset') !== 'utf-8') {
    violations.push({
      code: 'CONTENT_TYPE_CHARSET',
      message: `${contentType}: text/csv needs charset=utf-8 (without it the charset is US-ASCII)`,
    });
  }
  // The negotiated types bind a success's Content-Type only: errors are problem+json whatever Accept says.
  if (negotiation && isSuccess(res.status) && negotiation.types.length > 0 && !negotiation.types.includes(essence)) {
    violations.push({
      code: 'CONTENT_TYPE_NOT_NEGOTIATED',
      message: `Accept allows ${negotiation.types.join(' or ')}, got ${essence}`,
    });
  }
  return media;
}

function csvViolations(
  decoded: Extract<Decoded, { representation: 'csv' }>,
  row: CsvRowSpec,
  body: string,
  contract: Contract,
): ResponseViolation[] {
  const out: ResponseViolation[] = [];
  const invalid = (message: string) => out.push({ code: 'BODY_INVALID', message });
  // RFC 4180 §2: records end with CRLF. No documented value holds a line break, so a bare LF is a wrong record end.
  if (/(?<!\r)\n/.test(body)) invalid('text/csv: records must end with CRLF (RFC 4180 §2), found a bare LF');
  // The header row names the row schema's properties in declared order (spec: Representations, text/csv).
  const expected = csvColumns(row.schema, contract.deref);
  const sameSet = expected.length === decoded.columns.length && expected.every((c) => decoded.columns.includes(c));
  if (sameSet && expected.join(',') !== decoded.columns.join(',')) {
    invalid(`text/csv: columns ${decoded.columns.join(',')}, expected the schema's order ${expected.join(',')}`);
  }
  if (decoded.shape.mode === 'single' && decoded.rows.length !== 1) {
    invalid(`text/csv: expected exactly one row, got ${decoded.rows.length}`);
  }
  decoded.rows.forEach((r, i) => {
    if (!row.validate(r)) invalid(`text/csv row ${i + 1}: ${formatAjvErrors(row.validate.errors)}`);
  });
  return out;
}

/** RFC 9457 §3.1.2: a problem's `status` member is the status code of the response that carries it. */
function problemStatusViolations(media: MediaTypeSpec, value: unknown, status: number): ResponseViolation[] {
  if (media.mediaType !== 'application/problem+json' || typeof value !== 'object' || value === null) return [];
  const st = (value as Record<string, unknown>)['status'];
  if (typeof st !== 'number' || st === status) return [];
  return [{ code: 'BODY_INVALID', message: `problem status ${st} differs from the response status ${status}` }];
}

/** Decodes the body and validates it against its media type, pushing what is wrong; undefined when undecodable. */
function checkBody(
  contract: Contract,
  response: ResponseSpec,
  media: MediaTypeSpec,
  res: ObservedResponse,
  violations: ResponseViolation[],
): Decoded | undefined {
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
    return undefined;
  }
  if (decoded.representation === 'csv') {
    if (media.csvRow) violations.push(...csvViolations(decoded, media.csvRow, res.body, contract));
    return decoded;
  }
  if (!media.validate(decoded.value)) {
    violations.push({ code: 'BODY_INVALID', message: `${media.mediaType}: ${formatAjvErrors(media.validate.errors)}` });
  }
  violations.push(...problemStatusViolations(media, decoded.value, res.status));
  return decoded;
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
): ResponseCheck {
  const violations: ResponseViolation[] = negotiation ? negotiatedStatusViolations(res, negotiation) : [];
  const response =
    responses.find((r) => r.status === String(res.status)) ??
    (res.status >= 500 ? responses.find((r) => r.status === 'default') : undefined);
  const result: ResponseCheck = { violations, response, mediaType: undefined, decoded: undefined };
  if (!response) {
    violations.push({
      code: 'STATUS_UNDOCUMENTED',
      message: `status ${res.status} is not documented for this operation`,
    });
    return result;
  }
  violations.push(...headerViolations(response, res));
  if (response.content.length === 0) {
    if (res.body.length > 0) {
      violations.push({
        code: 'BODY_UNEXPECTED',
        message: `status ${res.status} documents no body, got ${res.body.length} bytes`,
      });
    }
    return result;
  }
  const media = matchContentType(response, res, negotiation, violations);
  if (!media) return result;
  result.mediaType = media.mediaType;
  result.decoded = checkBody(contract, response, media, res, violations);
  return result;
}
