import Negotiator from 'negotiator';

/**
 * Picks the representation to send (RFC 9110 §12.5.1): quality values and wildcards are honoured, `q=0`
 * excludes; ties go to the more specific range, then the earlier range in Accept, then the order of `available`.
 * An absent or blank Accept accepts anything, so the first available type wins. Undefined means 406.
 */
export function negotiate(accept: string | undefined, available: readonly string[]): string | undefined {
  const header = accept === undefined || accept.trim() === '' ? '*/*' : accept;
  return new Negotiator({ headers: { accept: header } }).mediaType([...available]);
}
