import { ContractError } from './contract-error.js';
import { isRecord } from './is-record.js';

/** Follows local `$ref`s in a document. */
export type Deref = <T>(node: unknown) => T;

/** RFC 6901 JSON Pointer resolution of a local reference (`#/…`). Throws {@link ContractError} `SPEC_INVALID`. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new ContractError('SPEC_INVALID', `only local references are supported: ${ref}`);
  let cur: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isRecord(cur) && !Array.isArray(cur)) throw new ContractError('SPEC_INVALID', `unresolvable reference ${ref}`);
    cur = (cur as Record<string, unknown>)[key];
    if (cur === undefined) throw new ContractError('SPEC_INVALID', `unresolvable reference ${ref}`);
  }
  return cur;
}

/** A {@link Deref} for `doc`: follows a local `$ref` to anything in it (responses, parameters, headers, schemas…). */
export function createDeref(doc: Record<string, unknown>): Deref {
  return <T>(node: unknown): T => {
    let cur = node;
    for (let hops = 0; isRecord(cur) && typeof cur['$ref'] === 'string'; hops++) {
      if (hops > 32) throw new ContractError('SPEC_INVALID', 'reference cycle');
      cur = resolvePointer(doc, cur['$ref']);
    }
    return cur as T;
  };
}
