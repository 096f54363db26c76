import { rewriteResponses } from '../../faults/fault.js';
import { isJson, type Variant } from '../variant.js';

/**
 * JSON written ASCII-only, as PHP's json_encode and Python's json.dumps do by default: every non-ASCII code unit as a
 * \u escape (astral characters as surrogate pairs), and "/" as "\/".
 */
export const variant: Variant = {
  id: 'json-escaped-unicode',
  description:
    'JSON is ASCII-only: non-ASCII characters as `\\uXXXX` escapes (astral ones as surrogate pairs) and `/` as `\\/`',
  allowedBy: 'RFC 8259 §7 (any character may be escaped; "\\/" is an escape of "/"), §8.1 (UTF-8; ASCII is UTF-8)',
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (!isJson(res.headers['content-type']) || res.body === '') return res;
      const body = res.body
        .replace(/\//g, '\\/')
        .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      return { ...res, body };
    }),
  }),
};
