import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** The methods every implementation must answer with 405 on a path that lacks them (x-method-not-allowed/recognisedMethods). */
const RECOGNISED = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH'];

/** A server that does not implement extension methods (PROPFIND, MKCOL, …): 501 instead of 405. */
export const variant: Variant = {
  id: 'extension-methods-501',
  description:
    'a method outside the recognised eight (PROPFIND, LOCK, …) on an existing path is 501 Not Implemented instead of 405',
  allowedBy:
    '#/x-method-not-allowed/description and info.description, Inputs the rules above leave open: any other method "is `405`, `400` or `501` (RFC 9110 §9.1)"',
  apply: () => ({
    wrapHandler: rewriteResponses((res, req) => {
      if (res.status !== 405 || RECOGNISED.includes(req.method)) return res;
      const problem = JSON.parse(res.body) as Record<string, unknown>;
      const headers = { ...res.headers };
      delete headers['allow'];
      return {
        status: 501,
        headers,
        body: JSON.stringify({
          ...problem,
          type: 'urn:apikeys-kit:problem:not-implemented',
          title: 'Not implemented',
          status: 501,
          detail: `${req.method} is not implemented by this server.`,
        }),
      };
    }),
  }),
};
