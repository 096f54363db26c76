import { ConformanceError } from './errors.js';
import type { ExtraHeader } from './extra-header.js';

/** RFC 9110 §5.6.2: field-name = token; tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * RFC 9110 §5.5: field-value is VCHAR, obs-text, SP and HTAB (no CR, LF or NUL), without white space at either end.
 * An empty value is legal HTTP but is refused: it is almost always a shell variable that was not set.
 */
const FIELD_VALUE = /^[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?$/;

/**
 * Header fields the checks or the HTTP framing control, which an extra header may not replace: the API key header
 * (the auth checks send none, a wrong one or the run's key), `Accept` and `Content-Type` (negotiation and body checks
 * vary them), and the fields that frame the message (RFC 9112 §6, §7.6.1, §9.6; RFC 9110 §7.2, §10.1.1).
 */
const CONTROLLED = [
  'accept',
  'content-type',
  'content-length',
  'transfer-encoding',
  'host',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-connection',
];

/** Splits a `--header 'Name: value'` argument; throws a `USAGE` error without echoing the value. */
export function parseHeaderArgument(arg: string): [string, string] {
  const colon = arg.indexOf(':');
  if (colon <= 0) throw new ConformanceError('USAGE', `--header takes 'Name: value', got one without a name and colon`);
  return [arg.slice(0, colon).trim(), arg.slice(colon + 1).trim()];
}

/** Shell variable for a header name: `X-Tenant` → `APIKEYS_KIT_HEADER_X_TENANT` (made unique with a suffix). */
function variableOf(name: string, taken: Set<string>): string {
  const base = `APIKEYS_KIT_HEADER_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
  let v = base;
  for (let n = 2; taken.has(v); n++) v = `${base}_${n}`;
  taken.add(v);
  return v;
}

/**
 * The run's extra headers, checked: each name a token, each value a field value, no name twice, none of the fields the
 * checks control. Throws a `USAGE` {@link ConformanceError} naming the header (never its value: values are secrets).
 */
export function extraHeaders(
  headers: Readonly<Record<string, string>> | undefined,
  apiKeyHeader: string,
): ExtraHeader[] {
  const out: ExtraHeader[] = [];
  const taken = new Set<string>();
  const controlled = new Set([...CONTROLLED, apiKeyHeader.toLowerCase()]);
  for (const [rawName, value] of Object.entries(headers ?? {})) {
    if (!TOKEN.test(rawName))
      throw new ConformanceError(
        'USAGE',
        `--header name ${JSON.stringify(rawName)} is not an HTTP token (RFC 9110 §5.6.2)`,
      );
    const name = rawName.toLowerCase();
    if (controlled.has(name))
      throw new ConformanceError('USAGE', `--header ${rawName} is not allowed: the checks control that field`);
    if (out.some((h) => h.name === name)) throw new ConformanceError('USAGE', `--header ${rawName} is given twice`);
    if (!FIELD_VALUE.test(value))
      throw new ConformanceError(
        'USAGE',
        `--header ${rawName}: the value is empty or not a valid field value (no CR, LF or control characters; RFC 9110 §5.5)`,
      );
    out.push({ name, value, variable: variableOf(name, taken) });
  }
  return out;
}
