import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/** A path that is a valid URI reference whatever the client sent (for the problem's `instance`). */
export function uriReference(path: string): string {
  return path
    .replace(/%(?![0-9A-Fa-f]{2})/g, '%25')
    .replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu, (c) => encodeURIComponent(c));
}

/** The origin form (path and query) of a request target that may be in absolute form (`http://host/path?q`). */
export function originForm(target: string): string {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(target);
  if (!scheme) return target;
  const rest = target.slice(scheme[0].length);
  const end = rest.search(/[/?#]/);
  if (end < 0) return '/';
  const tail = rest.slice(end);
  return tail.startsWith('/') ? tail : `/${tail}`;
}

/** The path and query of a request target (RFC 9112 §3.2.2: of the absolute form, only these count). */
export function splitTarget(target: string): { path: string; query: URLSearchParams } {
  const url = originForm(target);
  const q = url.indexOf('?');
  return {
    path: q >= 0 ? url.slice(0, q) : url,
    query: new URLSearchParams(q >= 0 ? url.slice(q + 1) : ''),
  };
}

// RFC 3986 §3.2.2-3 host and optional port (RFC 9112 §3.2: `Host = uri-host [ ":" port ]`); empty is allowed.
const HOST = /^(?:\[[0-9A-Za-z:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]*)(?::[0-9]*)?$/;

/**
 * RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request message that
 * lacks a Host header field and to any request message that contains more than one Host header field line or a
 * Host header field with an invalid field value." (node:http's own check is off: it answers a bare 400.)
 */
export function checkHost(req: IncomingMessage): void {
  const values: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]?.toLowerCase() === 'host') values.push(req.rawHeaders[i + 1] ?? '');
  }
  const refuse = (message: string) =>
    new HttpError('invalid-request', 'The Host header is missing, repeated or invalid (RFC 9112 §3.2).', {
      errors: [{ in: 'header', name: 'Host', message }],
    });
  if (values.length > 1) throw refuse('must not be repeated');
  if (values.length === 0 && req.httpVersionMajor === 1 && req.httpVersionMinor >= 1) throw refuse('is required');
  if (values.length === 1 && !HOST.test(values[0] ?? '')) throw refuse('is not a valid host');
}
