import { gzipSync } from 'node:zlib';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Variant } from '../variant.js';

type HeaderValue = OutgoingHttpHeaders[string];

/**
 * A compressing front end: a request without Accept-Encoding ("any content coding is acceptable", RFC 9110 §12.5.3)
 * gets every body gzip-coded, `Content-Encoding: gzip`, `Vary: Accept, Accept-Encoding`. The representation (media
 * type, JSON/XML/CSV text) is unchanged.
 */
export const variant: Variant = {
  id: 'gzip-without-accept-encoding',
  description: 'response bodies are gzip content-coded when the request has no Accept-Encoding',
  allowedBy:
    'RFC 9110 §12.5.3 ("If no Accept-Encoding header field is in the request, any content coding is considered acceptable by the user agent"), §8.4 (a content coding keeps the media type); the spec says nothing about response content codings',
  apply: () => ({
    wrapHandler: (handler) => (req: IncomingMessage, res: ServerResponse) => {
      const compress = req.headers['accept-encoding'] === undefined;
      const writeHead = res.writeHead.bind(res);
      const end = res.end.bind(res);
      let status = 200;
      let reason: string | undefined;
      let headers: Record<string, HeaderValue> = {};
      res.writeHead = ((code: number, a?: string | Record<string, HeaderValue>, b?: Record<string, HeaderValue>) => {
        status = code;
        if (typeof a === 'string') reason = a;
        headers = { ...((typeof a === 'string' ? b : a) ?? {}) };
        return res;
      }) as ServerResponse['writeHead'];
      res.end = ((body?: string | Buffer) => {
        let bytes = body === undefined ? Buffer.alloc(0) : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
        const out: Record<string, HeaderValue> = {};
        for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() !== 'content-length') out[k] = v;
        if (compress && bytes.length > 0 && status !== 204 && status !== 304) {
          bytes = gzipSync(bytes);
          out['Content-Encoding'] = 'gzip';
          const vary = Object.entries(out).find(([k]) => k.toLowerCase() === 'vary');
          out['Vary'] = vary ? `${String(vary[1])}, Accept-Encoding` : 'Accept-Encoding';
          if (vary && vary[0] !== 'Vary') delete out[vary[0]];
        }
        if (status !== 204 && status !== 304) out['Content-Length'] = String(bytes.length);
        if (reason !== undefined) writeHead(status, reason, out);
        else writeHead(status, out);
        return req.method === 'HEAD' || status === 204 ? end() : end(bytes);
      }) as ServerResponse['end'];
      handler(req, res);
    },
  }),
};
