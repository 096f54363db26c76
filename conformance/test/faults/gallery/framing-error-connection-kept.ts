import { replaceClientErrorListener, type Fault } from '../fault.js';

/**
 * A server that answers a message it cannot parse and then keeps the connection, as if the bytes after it were a new
 * request: what request smuggling exploits (RFC 9112 §6.1 and §11.2 require the close).
 */
export const fault: Fault = {
  id: 'framing-error-connection-kept',
  description: 'a request node:http cannot parse gets a proper 400, but the connection stays open',
  caughtBy: ['malformed-requests'],
  apply: () => ({
    wrapHandler: replaceClientErrorListener((_err, socket) => {
      const body = JSON.stringify({
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'The request could not be parsed.',
        instance: '/',
        traceId: '0'.repeat(32),
        errors: [{ in: 'header', name: 'request', message: 'could not be parsed' }],
      });
      socket.write(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    }),
  }),
};
