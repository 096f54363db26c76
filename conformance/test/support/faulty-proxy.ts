import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

/** A request as the proxy saw it. Header names lower case. */
export interface ProxyRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface ProxyResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A deliberate fault: gets the request and a way to forward it, returns the response to send. */
export type Fault = (
  req: ProxyRequest,
  forward: (req: ProxyRequest) => Promise<ProxyResponse>,
) => Promise<ProxyResponse>;

const HOP = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A real HTTP server on 127.0.0.1:0 that forwards to `upstream` (the reference server) and lets `fault` change the
 * request or the response: a deliberately wrong implementation for one check's test.
 */
export async function startFaultyProxy(
  upstream: string,
  fault: Fault,
): Promise<{ url: string; close(): Promise<void> }> {
  const up = new URL(upstream);
  const pool = new Pool(up.origin, { connections: 32 });
  const prefix = up.pathname.replace(/\/+$/, '');
  const forward = async (r: ProxyRequest): Promise<ProxyResponse> => {
    const headers = Object.fromEntries(Object.entries(r.headers).filter(([k]) => !HOP.has(k)));
    const res = await pool.request({
      method: r.method,
      path: prefix + r.url,
      headers,
      ...(r.body.length > 0 || r.method === 'POST' ? { body: r.body } : {}),
    });
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers))
      if (v !== undefined && !HOP.has(k)) out[k] = Array.isArray(v) ? v.join(', ') : v;
    return { status: res.statusCode, headers: out, body: await res.body.text() };
  };
  const server = createHttpServer((req, res) => {
    void (async () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      try {
        // A request whose body breaks off (the kit's malformed-requests sends a bad chunk size) rejects here.
        const r: ProxyRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers, body: await readAll(req) };
        const out = await fault(r, forward);
        res.writeHead(out.status, out.headers);
        res.end(req.method === 'HEAD' ? undefined : out.body);
      } catch {
        res.destroy();
      }
    })();
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}

/** Rewrites JSON bodies of responses matching `when` (only JSON; other media types pass through). */
export function mapJson(res: ProxyResponse, f: (v: Record<string, unknown>) => void): ProxyResponse {
  if (!(res.headers['content-type'] ?? '').includes('json')) return res;
  const v = JSON.parse(res.body) as Record<string, unknown>;
  f(v);
  return { ...res, body: JSON.stringify(v) };
}
