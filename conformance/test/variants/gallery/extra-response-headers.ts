import { createHash, randomBytes } from 'node:crypto';
import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/**
 * The headers a production stack adds: request id, Server, HSTS, nosniff, CSP, and on reads an ETag (a digest of the
 * representation, which carries no secret; the create response, which does, gets none).
 */
export const variant: Variant = {
  id: 'extra-response-headers',
  description:
    'every response adds X-Request-Id, Server, Strict-Transport-Security, X-Content-Type-Options, CSP; reads add an ETag',
  allowedBy:
    'RFC 9110 §5.1 / §15 (a response may carry fields the document does not list; OpenAPI Response Object headers lists documented ones)',
  apply: () => ({
    wrapHandler: rewriteResponses((res, req) => {
      const headers: Record<string, string> = {
        ...res.headers,
        'x-request-id': randomBytes(8).toString('hex'),
        server: 'apikeys-variant/1.0',
        'strict-transport-security': 'max-age=63072000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'referrer-policy': 'no-referrer',
      };
      if (req.method !== 'POST' && res.status === 200)
        headers['etag'] = `W/"${createHash('sha256').update(res.body).digest('base64url').slice(0, 22)}"`;
      return { ...res, headers };
    }),
  }),
};
