import Negotiator from 'negotiator';
import { contentTypeFor } from './codec.js';

// RFC 9110 §12.4.2: weight = OWS ";" OWS "q=" qvalue; qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** Splits a field value on commas outside quoted strings (RFC 9110 §5.6.1, §5.6.4). */
function listElements(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted && c === '\\') {
      cur += c + (value[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * The Accept elements that count: empty list elements are ignored (RFC 9110 §5.6.1.2), and so is an element whose
 * weight is not a valid qvalue (§12.4.2: `q=abc`, `q=`, `q=1.5`), rather than guessing what it meant.
 */
function acceptElements(accept: string): string[] {
  return listElements(accept)
    .map((e) => e.trim())
    .filter((e) => e !== '')
    .filter((e) => {
      const q = e
        .split(';')
        .slice(1)
        .map((p) => p.trim())
        .find((p) => /^q\s*=/i.test(p));
      return q === undefined || QVALUE.test(q.replace(/^q\s*=\s*/i, ''));
    });
}

/**
 * Picks the representation to send (RFC 9110 §12.5.1): quality values and wildcards are honoured, `q=0`
 * excludes; ties go to the more specific range, then the earlier range in Accept, then the order of `available`.
 * Ranges with parameters match the Content-Type actually sent (`contentTypeFor`), so `application/json;
 * charset=utf-8` selects JSON. An absent or blank Accept, or one with no valid element, accepts anything, so the
 * first available type wins. Undefined means 406.
 */
export function negotiate(accept: string | undefined, available: readonly string[]): string | undefined {
  const elements = accept === undefined ? [] : acceptElements(accept);
  const header = elements.length === 0 ? '*/*' : elements.join(', ');
  const sent = available.map(contentTypeFor);
  const picked = new Negotiator({ headers: { accept: header } }).mediaType(sent);
  return picked === undefined ? undefined : available[sent.indexOf(picked)];
}
