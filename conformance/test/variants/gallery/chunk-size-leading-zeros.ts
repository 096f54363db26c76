import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Variant } from '../variant.js';

/**
 * A server whose chunked encoder writes every chunk-size zero-padded to 16 hex digits (`000000000000001a`), as a
 * fixed-width encoder may. Applied here to the answer of a list request carrying an unknown `Expect` (the request is
 * answered as usual, then the connection closed): the body is the reference server's own, re-framed.
 */
export const variant: Variant = {
  id: 'chunk-size-leading-zeros',
  description: 'chunked responses with chunk sizes zero-padded to 16 hex digits (shown on the unknown-Expect answer)',
  allowedBy:
    'RFC 9112 §7.1: chunk-size = 1*HEXDIG ("Recipients MUST anticipate potentially large hexadecimal numerals"); info.description: an unknown Expect "is ignored (the request gets its usual answer)"',
  apply: () => ({
    wrapHandler: (handler) => (req: IncomingMessage, res: ServerResponse) => {
      if (req.headers['expect'] === undefined) return handler(req, res);
      res.writeHead = (code: number, a?: unknown, b?: unknown) => {
        const headers = (typeof a === 'string' ? b : a) as Record<string, string | number>;
        (res as unknown as { _kitStatus: number; _kitHeaders: Record<string, string | number> })._kitStatus = code;
        (res as unknown as { _kitHeaders: Record<string, string | number> })._kitHeaders = headers ?? {};
        return res;
      };
      res.end = ((body?: string | Buffer) => {
        const r = res as unknown as { _kitStatus: number; _kitHeaders: Record<string, string | number> };
        const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
        const lines = Object.entries(r._kitHeaders)
          .filter(([k]) => k.toLowerCase() !== 'content-length')
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('');
        const size = bytes.length.toString(16).padStart(16, '0');
        const socket = req.socket;
        socket.write(`HTTP/1.1 ${r._kitStatus} OK\r\n${lines}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n`);
        socket.write(`${size}\r\n`);
        socket.write(bytes);
        socket.write('\r\n0000000000000000\r\n\r\n');
        socket.end();
        return res;
      }) as ServerResponse['end'];
      handler(req, res);
    },
  }),
};
