import { replaceClientErrorListener, type Fault } from '../fault.js';

/** A front proxy that reports what it cannot parse as an upstream failure. */
export const fault: Fault = {
  id: 'parse-errors-502',
  description: 'requests node:http cannot parse (a broken request line, conflicting framing) get 502 problem details',
  caughtBy: ['malformed-requests'],
  apply: () => ({
    wrapHandler: replaceClientErrorListener((_err, socket) => {
      const body = JSON.stringify({
        type: 'about:blank',
        title: 'Bad Gateway',
        status: 502,
        detail: 'The upstream could not handle the request.',
        instance: '/',
        traceId: '0'.repeat(32),
      });
      socket.end(
        `HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }),
  }),
};
