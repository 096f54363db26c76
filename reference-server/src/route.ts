import { allowedMethods, type Contract, type Operation } from '../../contract/src/index.js';
import { HttpError } from './http-error.js';

/** The operation a request is for, and its path parameters (percent-decoded). */
export interface Routed {
  op: Operation;
  params: Record<string, string>;
}

function pathParams(op: Operation, match: RegExpExecArray): Record<string, string> {
  const params: Record<string, string> = {};
  op.pathParamNames.forEach((name, i) => {
    const raw = match[i + 1] ?? '';
    try {
      params[name] = decodeURIComponent(raw);
    } catch {
      params[name] = raw; // not valid percent-encoding: left as is, the parameter schema refuses it
    }
  });
  return params;
}

/**
 * A router over the contract's paths: 404 for an unknown path, 405 (with the allowed methods) for a method the path
 * lacks. HEAD is GET without content (RFC 9110 §9.3.2); node:http leaves the body out of a response to HEAD.
 */
export function createRouter(contract: Contract): (method: string, path: string) => Routed {
  const paths = [...contract.pathsByTemplate().values()];
  return (method, path) => {
    for (const ops of paths) {
      const match = ops[0]?.pathRegex.exec(path);
      if (!match) continue;
      const op =
        ops.find((o) => o.method === method) ?? (method === 'HEAD' ? ops.find((o) => o.method === 'GET') : undefined);
      if (!op) {
        const allow = allowedMethods(ops);
        throw new HttpError(
          'method-not-allowed',
          `${method} is not allowed here; allowed methods are ${allow.join(', ')}.`,
          {
            allow,
          },
        );
      }
      return { op, params: pathParams(op, match) };
    }
    throw new HttpError('not-found', 'No resource at this path.');
  };
}
