import { PropertyFailure } from './errors.js';
import type { Exchange } from './http-client.js';

/** Fails the property run unless the exchange's status is one of `expected`. */
export function expectStatus(ex: Exchange, expected: readonly number[], what: string): void {
  if (ex.status === 0) throw new PropertyFailure(`${what}: no response (${ex.error ?? 'connection failed'})`, ex);
  if (!expected.includes(ex.status)) {
    throw new PropertyFailure(`${what}: expected ${expected.join(' or ')}, got ${ex.status}`, ex);
  }
}

/** Fails the property run with `message` when `ok` is false. */
export function expectThat(ok: boolean, message: string, ex?: Exchange): asserts ok {
  if (!ok) throw new PropertyFailure(message, ex);
}

/** The `Cache-Control` directive names of a response (RFC 9111 §5.2), lower case. */
export function cacheDirectives(ex: Exchange): string[] {
  return (ex.headers['cache-control'] ?? '')
    .split(',')
    .map((d) => d.split('=')[0]!.trim().toLowerCase())
    .filter((d) => d.length > 0);
}
