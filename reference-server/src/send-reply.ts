import type { ServerResponse } from 'node:http';
import type { WireReply } from './problem-reply.js';

/** Writes a reply (adding its Content-Length to its headers), unless a response was already started or the connection is gone. */
export function sendReply(res: ServerResponse, reply: WireReply): void {
  if (res.headersSent || res.destroyed) return;
  const { headers } = reply;
  // RFC 9110 §8.6: no Content-Length on a 204.
  if (reply.status !== 204) headers['content-length'] = String(Buffer.byteLength(reply.body));
  // RFC 9110 §15.5.14 renamed 413 "Content Too Large"; node:http still says "Payload Too Large".
  if (reply.status === 413) res.writeHead(reply.status, 'Content Too Large', headers);
  else res.writeHead(reply.status, headers);
  res.end(reply.body);
}
