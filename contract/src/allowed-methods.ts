import type { Operation } from './types.js';

/**
 * The methods a path answers, for `Allow` (RFC 9110 §10.2.1): its documented operations' methods, plus HEAD where
 * it has GET, because HEAD is GET without content (RFC 9110 §9.3.2) and a server that supports GET supports HEAD
 * (§9.1). Sorted, upper case.
 */
export function allowedMethods(operations: readonly Pick<Operation, 'method'>[]): string[] {
  const methods = new Set(operations.map((o) => o.method.toUpperCase()));
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
