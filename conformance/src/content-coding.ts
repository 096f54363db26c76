import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/** The content codings the kit can undo (RFC 9110 §8.4.1 registry names; `x-gzip` is gzip, §8.4.1.3). */
const DECODERS: Record<string, (body: Buffer, maxOutputLength: number) => Buffer> = {
  gzip: (b, max) => gunzipSync(b, { maxOutputLength: max }),
  'x-gzip': (b, max) => gunzipSync(b, { maxOutputLength: max }),
  deflate: (b, max) => inflateSync(b, { maxOutputLength: max }),
  br: (b, max) => brotliDecompressSync(b, { maxOutputLength: max }),
};

/**
 * A response body with its content codings undone, last applied first (RFC 9110 §8.4: the codings are listed in the
 * order they were applied). The kit sends no Accept-Encoding, so any coding is acceptable to it (§12.5.3): it reads
 * gzip, deflate and br, and says which coding it could not read otherwise. At most `maxBytes` of decoded content.
 */
export function decodeContent(
  body: Buffer,
  contentEncoding: string | undefined,
  maxBytes: number,
): { body: Buffer } | { error: string } {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  let out = body;
  for (const coding of codings.reverse()) {
    const decode = DECODERS[coding];
    if (!decode)
      return { error: `Content-Encoding ${coding}, which the kit cannot decode (it reads gzip, deflate, br)` };
    try {
      out = decode(out, maxBytes);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      return { error: `Content-Encoding ${coding}: the body does not decode (${reason})` };
    }
  }
  return { body: out };
}
