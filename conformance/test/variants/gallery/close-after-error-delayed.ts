import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Variant } from '../variant.js';

/** How long after the answer to an unparsable message the server initiates the close. */
const CLOSE_DELAY_MS = 3000;

/**
 * The answer to a message node:http cannot parse is written at once (same problem+json, `Connection: close`), and the
 * connection is closed 3 s later instead of right away (a server that gives the client time to close first, as RFC
 * 9112 §9.6 asks of a client that reads `Connection: close`, before closing itself).
 */
export const variant: Variant = {
  id: 'close-after-error-delayed',
  description: 'after answering an unparsable message (Connection: close) the server closes the connection 3 s later',
  allowedBy:
    'info.description, Messages that are not valid HTTP/1.1: "the connection closes after the answer" / "and then the connection closes" (no time bound); RFC 9112 §9.6 (the server MUST initiate closing after it sends the response; no deadline)',
  apply: () => ({
    wrapHandler: (handler) => {
      let wrapped = false;
      return (req, res) => {
        const server = (req.socket as unknown as { server?: Server }).server;
        if (!wrapped && server) {
          wrapped = true;
          const originals = server.listeners('clientError') as ((err: Error, socket: Duplex) => void)[];
          server.removeAllListeners('clientError');
          server.on('clientError', (err: Error, socket: Duplex) => {
            const end = socket.end.bind(socket) as (...a: unknown[]) => Duplex;
            (socket as unknown as { end: (...a: unknown[]) => Duplex }).end = (...args: unknown[]) => {
              const [chunk] = args;
              if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) socket.write(chunk);
              setTimeout(() => end(), CLOSE_DELAY_MS);
              return socket;
            };
            for (const l of originals) l(err, socket);
          });
        }
        handler(req, res);
      };
    },
  }),
};
