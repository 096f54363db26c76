import { PropertyFailure } from './errors.js';
import type { Exchange } from './exchange.js';

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

/**
 * Fails the property run unless a 400 problem lists the offending input in `errors` (spec:
 * #/components/schemas/ValidationProblem, FieldError `in` and `name`): a client must learn which input was wrong.
 * `name` is matched exactly when given (a parameter name); body errors only need `in` (the pointer may name the value
 * or an object containing it). Callers send requests with exactly one bad input, so no entry may name another.
 */
export function expectErrorNamed(ex: Exchange, where: string, name: string | undefined, what: string): void {
  if (ex.status !== 400 || ex.check?.decoded?.representation !== 'json') return;
  const errors = (ex.check.decoded.value as { errors?: unknown } | null)?.errors;
  const list = Array.isArray(errors) ? (errors as { in?: unknown; name?: unknown }[]) : [];
  const names = (e: { in?: unknown; name?: unknown }) => e.in === where && (name === undefined || e.name === name);
  if (!list.some(names)) {
    throw new PropertyFailure(
      `${what}: the 400 does not name the bad input (expected an error with in=${where}${name === undefined ? '' : `, name=${name}`}; got ${JSON.stringify(list)})`,
      ex,
    );
  }
  // The request has one bad input, so every entry must name it (spec: ValidationProblem, "only offending inputs").
  const others = list.filter((e) => !names(e));
  if (others.length > 0)
    throw new PropertyFailure(`${what}: the 400 also names inputs that are not wrong: ${JSON.stringify(others)}`, ex);
}
