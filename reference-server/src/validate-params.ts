import type { ErrorObject } from 'ajv';
import type { Operation, ParameterSpec } from '../../contract/src/index.js';
import { HttpError, type FieldError } from './http-error.js';

const INTEGER = /^-?(0|[1-9][0-9]*)$/;

function paramErrors(where: FieldError['in'], name: string, errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => ({ in: where, name, message: e.message ?? 'is invalid' }));
}

/** Turns a raw query value into the JSON type its schema asks for; integers only from a strict decimal string. */
function coerce(raw: string, param: ParameterSpec): unknown {
  const type = param.resolvedSchema['type'];
  if ((type === 'integer' || type === 'number') && INTEGER.test(raw)) {
    const n = Number(raw);
    return Number.isSafeInteger(n) ? n : raw;
  }
  return raw;
}

function valuesOf(values: Record<string, string> | URLSearchParams, name: string): string[] {
  if (values instanceof URLSearchParams) return values.getAll(name);
  const v = values[name];
  return v === undefined ? [] : [v];
}

/**
 * Validates an operation's path or query parameters against their schemas: required ones present, none repeated,
 * defaults filled in. Returns the coerced values; throws the `400` problem listing every invalid parameter.
 */
export function validateParams(
  op: Operation,
  where: 'path' | 'query',
  values: Record<string, string> | URLSearchParams,
): Record<string, unknown> {
  const errors: FieldError[] = [];
  const out: Record<string, unknown> = {};
  for (const p of op.parameters.filter((x) => x.in === where)) {
    const all = valuesOf(values, p.name);
    const [first] = all;
    if (first === undefined) {
      const def = p.resolvedSchema['default'];
      if (p.required) errors.push({ in: where, name: p.name, message: 'is required' });
      else if (def !== undefined) out[p.name] = def;
      continue;
    }
    if (all.length > 1) {
      errors.push({ in: where, name: p.name, message: 'must not be repeated' });
      continue;
    }
    const value = coerce(first, p);
    if (!p.validate(value)) errors.push(...paramErrors(where, p.name, p.validate.errors));
    else out[p.name] = value;
  }
  if (errors.length > 0) {
    throw new HttpError('invalid-request', `A ${where} parameter is invalid.`, { errors });
  }
  return out;
}
