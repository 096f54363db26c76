import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

const CODES: Record<number, string> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHENTICATED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Problems with the extension members real APIs add: an error code, a documentation link, a retry hint, an object. */
export const variant: Variant = {
  id: 'problem-extension-members',
  description: 'every problem body has extension members: code, documentation, retryable and a nested meta object',
  allowedBy: 'RFC 9457 §3.2 (extension members); #/components/schemas/Problem does not forbid additional properties',
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (!res.headers['content-type']?.startsWith('application/problem+json')) return res;
      const problem = JSON.parse(res.body) as Record<string, unknown>;
      return {
        ...res,
        body: JSON.stringify({
          ...problem,
          code: CODES[res.status] ?? `E${res.status}`,
          documentation: `https://docs.example.com/errors/${res.status}`,
          retryable: false,
          meta: { api: 'endpoint-api-keys', version: 1 },
        }),
      };
    }),
  }),
};
