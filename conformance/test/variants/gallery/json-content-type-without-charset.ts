import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** `Content-Type: application/json` with no charset parameter (RFC 8259 defines none). */
export const variant: Variant = {
  id: 'json-content-type-without-charset',
  description: 'JSON is labelled `application/json` without `; charset=utf-8`',
  allowedBy:
    'RFC 8259 §11 (application/json defines no charset parameter; JSON text is UTF-8, §8.1); the spec documents the media type application/json',
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      /^application\/json\s*;/i.test(res.headers['content-type'] ?? '')
        ? { ...res, headers: { ...res.headers, 'content-type': 'application/json' } }
        : res,
    ),
  }),
};
