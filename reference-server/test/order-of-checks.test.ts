import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange } from './support/raw-http.js';
import { JSON_HEADERS, keysPath, startServer, type Harness, logLine } from './support/start-server.js';

const UNKNOWN = 'ffffffffffffffffffffffff';
const MALFORMED = 'Zz';

describe("the spec's order of checks and its problems", () => {
  let h: Harness;
  let ep: string;
  beforeAll(async () => {
    h = await startServer();
    ep = h.server.endpointIds[0]!;
  });
  afterAll(() => h.close());

  const post = (endpointId: string, opts: { headers?: Record<string, string>; body?: string; anonymous?: boolean }) =>
    h.client.send('POST', keysPath(endpointId), {
      body: opts.body ?? '{"name":"x"}',
      headers: opts.headers ?? JSON_HEADERS,
      anonymous: opts.anonymous ?? false,
    });
  const huge = JSON.stringify({ name: 'x'.repeat(10_000) });

  it.each([
    ['405 before 401', () => h.client.send('PUT', keysPath(MALFORMED), { anonymous: true }), 405],
    ['401 before a malformed path parameter', () => post(MALFORMED, { anonymous: true }), 401],
    ['a malformed path parameter before 404', () => h.client.send('GET', keysPath(UNKNOWN, MALFORMED)), 400],
    ['404 before a malformed query parameter', () => h.client.send('GET', `${keysPath(UNKNOWN)}?limit=x`), 404],
    [
      'a malformed query parameter before 406',
      () => h.client.send('GET', `${keysPath(ep)}?limit=x`, { headers: { accept: 'image/png' } }),
      400,
    ],
    [
      '404 before 406, 415, 413 and 400',
      () => post(UNKNOWN, { headers: { accept: 'image/png', 'content-type': 'text/plain' }, body: huge }),
      404,
    ],
    ['406 before 415', () => post(ep, { headers: { accept: 'image/png', 'content-type': 'text/plain' } }), 406],
    ['415 before 413', () => post(ep, { headers: { 'content-type': 'text/plain' }, body: huge }), 415],
    ['413 before a malformed body', () => post(ep, { body: `{${'x'.repeat(10_000)}` }), 413],
  ])('answers %s', async (_, call, status) => {
    const res = await call();
    expect(res.status).toBe(status);
  });

  it('answers a missing and a wrong X-API-Key with the same 401 body but for the traceId', async () => {
    const missing = await post(ep, { anonymous: true });
    const wrong = await post(ep, { headers: { ...JSON_HEADERS, 'x-api-key': 'wrong' } });
    const almost = await post(ep, { headers: { ...JSON_HEADERS, 'x-api-key': `${h.server.apiKey}x` } });
    const strip = (b: Record<string, unknown>) => ({ ...b, traceId: undefined });
    expect(missing.status).toBe(401);
    expect(strip(wrong.json)).toEqual(strip(missing.json));
    expect(strip(almost.json)).toEqual(strip(missing.json));
    expect(missing.json.type).toBe('urn:apikeys-kit:problem:unauthorized');
  });

  it('carries the trace-id of a valid traceparent, and a fresh one otherwise', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await h.client.send('GET', keysPath(UNKNOWN), {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(res.json.traceId).toBe(traceId);
    expect(h.logs.some((l) => logLine(l).traceId === traceId)).toBe(true);
    const bad = await h.client.send('GET', keysPath(UNKNOWN), {
      headers: { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` },
    });
    expect(bad.json.traceId).not.toBe('0'.repeat(32));
  });

  it('sets instance to the request path without the query', async () => {
    const res = await h.client.send('GET', `${keysPath(UNKNOWN)}?limit=3`);
    expect(res.json.instance).toBe(keysPath(UNKNOWN));
  });

  it('serves under a base path and nowhere else', async () => {
    const based = await startServer({ basePath: '/new' });
    const bep = based.server.endpointIds[0]!;
    expect(based.server.url).toMatch(/\/new$/);
    const created = await based.client.send('POST', keysPath(bep), { headers: JSON_HEADERS, body: '{"name":"b"}' });
    expect(created.headers['location']).toBe(`/new${keysPath(bep, created.json._id)}`);
    const root = new (await import('./support/contract-client.js')).ContractClient({
      ...based.server,
      url: based.server.url.replace(/\/new$/, ''),
    });
    expect((await root.send('GET', keysPath(bep))).status).toBe(404);
    await based.close();
  });

  it('answers a request node:http cannot parse with a 400 problem that is not cached', async () => {
    const path = keysPath(ep);
    const { response } = await rawExchange(h.server.url, `POST ${path} HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n`);
    const res = h.client.verify('POST', path, {}, response);
    expect(res.status).toBe(400);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers an oversized header section with a 400 problem saying so', async () => {
    const path = keysPath(ep);
    const { response } = await rawExchange(
      h.server.url,
      `GET ${path} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    const res = h.client.verify('GET', path, {}, response);
    expect(res.status).toBe(400);
    expect(res.json.detail).toMatch(/larger than the server accepts/);
  });

  it('accepts a request target in absolute form (RFC 9112 §3.2.2)', async () => {
    const path = `${keysPath(ep)}?limit=1`;
    const absolute = `${new URL(h.server.url).origin}${path}`;
    const { response } = await rawExchange(
      h.server.url,
      `GET ${absolute} HTTP/1.1\r\nHost: x\r\nX-API-Key: ${h.server.apiKey}\r\nConnection: close\r\n\r\n`,
    );
    const res = h.client.verify('GET', path, { 'x-api-key': h.server.apiKey }, response);
    expect(res.status).toBe(200);
    expect(res.operationId).toBe('listEndpointApiKeys');
  });

  it('refuses an announced oversized body with 413 without inviting it (no 100 Continue)', async () => {
    const path = keysPath(ep);
    const max = h.server.contract.operation('createEndpointApiKey').requestBody!.maxBytes;
    const head =
      `POST ${path} HTTP/1.1\r\nHost: x\r\nX-API-Key: ${h.server.apiKey}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${max + 1}\r\nExpect: 100-continue\r\n\r\n`;
    const { sawContinue, response } = await rawExchange(h.server.url, head);
    expect(h.client.verify('POST', path, {}, response).status).toBe(413);
    expect(sawContinue).toBe(false);
  });

  it('answers 413 as soon as a chunked body passes the limit, without waiting for the rest', async () => {
    const path = keysPath(ep);
    const max = h.server.contract.operation('createEndpointApiKey').requestBody!.maxBytes;
    const chunk = `{"name":"${'x'.repeat(max)}`;
    // The body never ends: only a server that stops at the limit can answer.
    const head =
      `POST ${path} HTTP/1.1\r\nHost: x\r\nX-API-Key: ${h.server.apiKey}\r\nContent-Type: application/json\r\n` +
      `Transfer-Encoding: chunked\r\n\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n`;
    const { response } = await rawExchange(h.server.url, head);
    expect(h.client.verify('POST', path, {}, response).status).toBe(413);
    expect(response.headers['connection']).toBe('close');
  });

  it('invites an acceptable body with 100 Continue', async () => {
    const path = keysPath(ep);
    const body = '{"name":"continued"}';
    const head =
      `POST ${path} HTTP/1.1\r\nHost: x\r\nX-API-Key: ${h.server.apiKey}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`;
    const { sawContinue, response } = await rawExchange(h.server.url, head, body);
    expect(sawContinue).toBe(true);
    expect(h.client.verify('POST', path, {}, response).status).toBe(201);
  });
});
