import { rewriteResponses } from '../../faults/fault.js';
import { isJson, type Variant } from '../variant.js';

/** JSON pretty-printed (two-space indentation, a space after colons, a final newline), as many frameworks do in debug mode. */
export const variant: Variant = {
  id: 'json-pretty-printed',
  description: 'JSON, HAL and problem bodies are pretty-printed with indentation, newlines and a trailing newline',
  allowedBy: 'RFC 8259 §2 (insignificant white space is allowed before or after any of the six structural characters)',
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      isJson(res.headers['content-type']) && res.body !== ''
        ? { ...res, body: `${JSON.stringify(JSON.parse(res.body), null, 2)}\n` }
        : res,
    ),
  }),
};
