import { chunkedResponses, type Variant } from '../variant.js';

/** A streaming framework: bodies go out with `Transfer-Encoding: chunked`, in several chunks, without Content-Length. */
export const variant: Variant = {
  id: 'chunked-transfer-encoding',
  description: 'bodies are sent chunked (three chunks, split on byte boundaries) without `Content-Length`',
  allowedBy:
    'RFC 9112 §6.1, §7.1 (chunked transfer coding; Content-Length is not required); the spec documents no Content-Length',
  apply: () => ({ wrapHandler: chunkedResponses(3) }),
};
