import { connect } from 'node:net';
import type { ObservedResponse } from '../../../contract/src/index.js';

export interface RawExchange {
  sawContinue: boolean;
  response: ObservedResponse;
}

/**
 * Sends a hand-written HTTP/1.1 request head over a socket (for what HTTP clients will not send: malformed heads,
 * `Expect: 100-continue`). `body` is written only after a `100 Continue` arrives. Resolves with the final response.
 */
export function rawExchange(baseUrl: string, head: string, body?: string): Promise<RawExchange> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    let sawContinue = false;
    const socket = connect(Number(url.port), url.hostname, () => socket.write(head));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no response within 5 s'));
    }, 5000);
    const finish = (r: RawExchange) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      for (;;) {
        const end = data.indexOf('\r\n\r\n');
        if (end < 0) return;
        const lines = data.subarray(0, end).toString('latin1').split('\r\n');
        const status = Number(lines[0]!.split(' ')[1]);
        if (status === 100) {
          sawContinue = true;
          data = data.subarray(end + 4);
          if (body !== undefined) socket.write(body);
          continue;
        }
        const headers: Record<string, string> = {};
        for (const l of lines.slice(1))
          headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
        const length = Number(headers['content-length'] ?? 0);
        if (data.length < end + 4 + length) return;
        finish({
          sawContinue,
          response: { status, headers, body: data.subarray(end + 4, end + 4 + length).toString('utf8') },
        });
        return;
      }
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
