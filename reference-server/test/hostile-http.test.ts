import { afterEach, describe, expect, it } from 'vitest';
import { rawSend, openSocket, collect, type WireResponse } from './support/raw-socket.js';
import { keysPath, startServer, type Harness, logLine } from './support/start-server.js';

/** Issue 12: requests at the edge of HTTP/1.1, sent byte for byte over a raw socket. */

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function expectProblem(r: WireResponse | undefined, status: number, instance?: string) {
  expect(r, 'a response').toBeDefined();
  expect(r!.status).toBe(status);
  expect(r!.headers['content-type']).toBe('application/problem+json');
  expect(r!.headers['cache-control']).toBe('no-store');
  const problem = JSON.parse(r!.body) as Record<string, unknown>;
  expect(problem['status']).toBe(status);
  expect(problem['traceId']).toMatch(/^[0-9a-f]{32}$/);
  if (instance !== undefined) expect(problem['instance']).toBe(instance);
  return problem;
}

const createBody = '{"name":"pipelined"}';

describe('1. HTTP/1.1 without Host (RFC 9112 §3.2)', () => {
  it('is a logged 400 problem naming the Host header', async () => {
    h = await startServer();
    const path = keysPath(h.server.endpointIds[0]!);
    const c = await rawSend(h.server.url, `GET ${path} HTTP/1.1\r\nX-API-Key: K\r\n\r\n`, { responses: 1 });
    const problem = expectProblem(c.responses[0], 400, path);
    expect(problem['errors']).toEqual([{ in: 'header', name: 'Host', message: 'is required' }]);
    expect(h.logs.some((l) => logLine(l).status === 400)).toBe(true);
  });

  it('is a 400 for two Host lines and for an invalid Host; HTTP/1.0 needs none', async () => {
    h = await startServer();
    const path = keysPath(h.server.endpointIds[0]!);
    const key = h.server.apiKey;
    const twice = await rawSend(
      h.server.url,
      `GET ${path} HTTP/1.1\r\nHost: a\r\nHost: b\r\nX-API-Key: ${key}\r\n\r\n`,
      { responses: 1 },
    );
    expect(expectProblem(twice.responses[0], 400)['errors']).toEqual([
      { in: 'header', name: 'Host', message: 'must not be repeated' },
    ]);
    const invalid = await rawSend(h.server.url, `GET ${path} HTTP/1.1\r\nHost: a b/c\r\nX-API-Key: ${key}\r\n\r\n`, {
      responses: 1,
    });
    expectProblem(invalid.responses[0], 400);
    const http10 = await rawSend(h.server.url, `GET ${path} HTTP/1.0\r\nX-API-Key: ${key}\r\n\r\n`, { responses: 1 });
    expect(http10.responses[0]!.status).toBe(200);
  });
});

describe('2. Expect other than 100-continue (RFC 9110 §10.1.1)', () => {
  it('is ignored: the request gets its usual answer, authentication first', async () => {
    h = await startServer();
    const path = keysPath(h.server.endpointIds[0]!);
    const noKey = await rawSend(
      h.server.url,
      `GET ${path} HTTP/1.1\r\nHost: a\r\nX-API-Key: K\r\nExpect: foo\r\n\r\n`,
      { responses: 1 },
    );
    expectProblem(noKey.responses[0], 401, path);
    const empty = await rawSend(
      h.server.url,
      `GET ${path} HTTP/1.1\r\nHost: a\r\nX-API-Key: ${h.server.apiKey}\r\nExpect:\r\n\r\n`,
      { responses: 1 },
    );
    expect(empty.responses[0]!.status).toBe(200);
    const create = await rawSend(
      h.server.url,
      `POST ${path} HTTP/1.1\r\nHost: a\r\nX-API-Key: ${h.server.apiKey}\r\nExpect: foo\r\nContent-Type: application/json\r\nContent-Length: ${createBody.length}\r\n\r\n${createBody}`,
      { responses: 1 },
    );
    expect(create.responses[0]!.status).toBe(201);
  });
});

describe('3. CONNECT (RFC 9110 §9.3.6)', () => {
  it('gets a problem, then the connection closes', async () => {
    h = await startServer();
    const path = keysPath(h.server.endpointIds[0]!);
    const authority = await rawSend(h.server.url, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expectProblem(authority.responses[0], 404);
    expect(authority.closed).toBe(true);
    const onRoute = await rawSend(h.server.url, `CONNECT ${path} HTTP/1.1\r\nHost: a\r\n\r\n`);
    expectProblem(onRoute.responses[0], 405, path);
    expect(onRoute.responses[0]!.headers['allow']).toBe('GET, HEAD, POST');
    expect(onRoute.closed).toBe(true);
    const logged = () => h!.logs.some((l) => logLine(l).method === 'CONNECT' && logLine(l).status === 405);
    for (let i = 0; i < 50 && !logged(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(logged()).toBe(true);
  });
});

describe('3b. CONNECT pipelined after a create (found by the raw-HTTP fuzz)', () => {
  it('answers the create with its key, then the CONNECT, in order, and keeps serving', async () => {
    h = await startServer();
    const path = keysPath(h.server.endpointIds[0]!);
    const bytes =
      `POST ${path} HTTP/1.1\r\nHost: a\r\nX-API-Key: ${h.server.apiKey}\r\nContent-Type: application/json\r\nContent-Length: ${createBody.length}\r\n\r\n${createBody}` +
      `CONNECT ${path} HTTP/1.1\r\nHost: a\r\n\r\n`;
    const c = await rawSend(h.server.url, bytes);
    expect(c.responses.map((r) => r.status)).toEqual([201, 405]);
    expect(c.responses[0]!.body).toMatch(/"key":"[0-9a-f]{64}"/);
    expect(c.closed).toBe(true);
    const after = await rawSend(
      h.server.url,
      `GET ${path} HTTP/1.1\r\nHost: a\r\nX-API-Key: ${h.server.apiKey}\r\nConnection: close\r\n\r\n`,
      { responses: 1 },
    );
    expect(after.responses[0]!.status).toBe(200);
  });
});

describe('4. pipelining (RFC 9112 §9.3.2)', () => {
  it('answers a create and then the unparsable request after it, in order', async () => {
    h = await startServer();
    const ep = h.server.endpointIds[0]!;
    const path = keysPath(ep);
    const bytes =
      `POST ${path} HTTP/1.1\r\nHost: a\r\nX-API-Key: ${h.server.apiKey}\r\nContent-Type: application/json\r\nContent-Length: ${createBody.length}\r\n\r\n${createBody}` +
      'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n';
    const c = await rawSend(h.server.url, bytes);
    expect(c.responses.map((r) => r.status)).toEqual([201, 400]);
    const created = JSON.parse(c.responses[0]!.body) as { _id: string; key: string };
    expect(created.key).toEqual(expect.any(String));
    expectProblem(c.responses[1], 400);
    expect(c.closed).toBe(true);
    expect(c.trailing).toBe('');
    expect(await h.server.store.get(ep, created._id)).toBeDefined();
  });

  it('answers three pipelined requests and a broken fourth, one response each, in order', async () => {
    // The first answer is held back: the later ones must wait for it.
    h = await startServer({
      wrapHandler: (handler) => (req, res) => {
        if (req.url?.endsWith('?slow=1')) setTimeout(() => handler(req, res), 150);
        else handler(req, res);
      },
    });
    const path = keysPath(h.server.endpointIds[0]!);
    const get = (q: string) => `GET ${path}${q} HTTP/1.1\r\nHost: a\r\nX-API-Key: ${h!.server.apiKey}\r\n\r\n`;
    const c = await rawSend(h.server.url, get('?slow=1') + get('?limit=0') + get('') + 'GET /\x00 HTTP/1.1\r\n\r\n');
    expect(c.responses.map((r) => r.status)).toEqual([200, 400, 200, 400]);
    expect(c.closed).toBe(true);
  });

  it('answers a body with a bad chunk size with a 400 naming its path', async () => {
    h = await startServer();
    const path = keysPath(h.server.endpointIds[0]!);
    const c = await rawSend(
      h.server.url,
      `POST ${path} HTTP/1.1\r\nHost: a\r\nX-API-Key: ${h.server.apiKey}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    );
    expectProblem(c.responses[0], 400, path);
    expect(c.responses).toHaveLength(1);
    expect(c.closed).toBe(true);
  });
});

describe('5. close() with a partial request open', () => {
  it('closes the partial and idle connections at once and resolves', async () => {
    h = await startServer();
    const path = keysPath(h.server.endpointIds[0]!);
    const partial = await openSocket(h.server.url);
    const partialDone = collect(partial, { waitMs: 3000 });
    partial.write(`GET ${path} HTTP/1.1\r\nHost: a\r\n`);
    const idle = await rawSend(
      h.server.url,
      `GET ${path} HTTP/1.1\r\nHost: a\r\nX-API-Key: ${h.server.apiKey}\r\n\r\n`,
      { responses: 1 },
    );
    expect(idle.responses[0]!.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await h.server.close();
    expect(performance.now() - started).toBeLessThan(1000);
    const p = await partialDone;
    expect(p.closed).toBe(true);
    expect(p.responses).toEqual([]);
    h = undefined;
  });

  it('gives an in-flight request with a stalled body the grace period, then closes it', async () => {
    h = await startServer({ timeouts: { shutdownGraceMs: 400 } });
    const path = keysPath(h.server.endpointIds[0]!);
    const stalled = await openSocket(h.server.url);
    const done = collect(stalled, { waitMs: 3000 });
    stalled.write(
      `POST ${path} HTTP/1.1\r\nHost: a\r\nX-API-Key: ${h.server.apiKey}\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{"na`,
    );
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    await h.server.close();
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(350);
    expect(took).toBeLessThan(1400);
    expect((await done).closed).toBe(true);
    h = undefined;
  });
});

describe('6. timeouts hold within 1 s', () => {
  it('a stalled header section gets a 408 problem at the headers timeout', async () => {
    h = await startServer({ timeouts: { headersMs: 600, requestMs: 1500 } });
    const c = await rawSend(h.server.url, `GET ${keysPath(h.server.endpointIds[0]!)} HTTP/1.1\r\nHost: a\r\n`);
    expectProblem(c.responses[0], 408);
    expect(c.closed).toBe(true);
    expect(c.elapsedMs).toBeGreaterThanOrEqual(550);
    expect(c.elapsedMs).toBeLessThan(1600);
  });

  it('a stalled body gets a 408 problem naming the path at the request timeout', async () => {
    h = await startServer({ timeouts: { headersMs: 300, requestMs: 900 } });
    const path = keysPath(h.server.endpointIds[0]!);
    const c = await rawSend(
      h.server.url,
      `POST ${path} HTTP/1.1\r\nHost: a\r\nX-API-Key: ${h.server.apiKey}\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{"na`,
    );
    expectProblem(c.responses[0], 408, path);
    expect(c.closed).toBe(true);
    expect(c.elapsedMs).toBeGreaterThanOrEqual(850);
    expect(c.elapsedMs).toBeLessThan(1900);
    expect(h.logs.some((l) => logLine(l).status === 408)).toBe(true);
  });
});
