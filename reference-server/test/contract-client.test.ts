import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_HEADERS, keysPath, startServer, type Harness } from './support/start-server.js';

// The helper every other test relies on must itself fail on a response that breaks the contract.
describe('the contract-checking test client', () => {
  let h: Harness;
  let ep: string;
  let created: { key: string; _id: string; keyPreview: string; createdAt: number; name: string };
  let location: string;
  beforeAll(async () => {
    h = await startServer();
    ep = h.server.endpointIds[0]!;
    const res = await h.client.send('POST', keysPath(ep), { headers: JSON_HEADERS, body: '{"name":"probe"}' });
    created = res.json;
    location = String(res.headers['location']);
  });
  afterAll(() => h.close());

  const json = 'application/json; charset=utf-8';

  it.each([
    ['an undocumented status', 'GET', () => ({ status: 418, headers: {}, body: '' }), /STATUS_UNDOCUMENTED/],
    [
      'a 201 without Location',
      'POST',
      () => ({
        status: 201,
        headers: { 'content-type': json, 'cache-control': 'no-store', vary: 'Accept' },
        body: JSON.stringify(created),
      }),
      /HEADER_MISSING: documented header Location/,
    ],
    [
      'a 201 without no-store',
      'POST',
      () => ({
        status: 201,
        headers: { 'content-type': json, location, 'cache-control': 'max-age=60', vary: 'Accept' },
        body: JSON.stringify(created),
      }),
      /HEADER_INVALID/,
    ],
    [
      'a representation other than the negotiated one',
      'GET',
      () => ({ status: 200, headers: { 'content-type': 'text/xml', vary: 'Accept' }, body: '<endpointApiKey/>' }),
      /CONTENT_TYPE_NOT_NEGOTIATED/,
    ],
    [
      'metadata carrying the key',
      'GETKEY',
      () => ({ status: 200, headers: { 'content-type': json, vary: 'Accept' }, body: JSON.stringify(created) }),
      /BODY_INVALID/,
    ],
    [
      'a list carrying a key seen before',
      'GET',
      () => ({
        status: 200,
        headers: { 'content-type': json, vary: 'Accept' },
        body: JSON.stringify({ items: [], total: 0, nextCursor: null, previousCursor: created.key }),
      }),
      /plaintext key/,
    ],
    [
      'a problem carrying the X-API-Key value',
      'GET',
      () => ({
        status: 404,
        headers: { 'content-type': 'application/problem+json' },
        body: JSON.stringify({
          type: 'x',
          title: 't',
          status: 404,
          detail: h.server.apiKey,
          instance: '/',
          traceId: '0'.repeat(32),
        }),
      }),
      /X-API-Key value/,
    ],
    [
      'a malformed CSV row',
      'GETKEY',
      () => ({
        status: 200,
        headers: { 'content-type': 'text/csv', vary: 'Accept' },
        body: '_id,name,keyPreview,createdAt\r\nshort,x,bad,-1\r\n',
      }),
      /BODY_INVALID/,
    ],
  ])('fails %s', (_, method, observed, message) => {
    const path = method === 'GETKEY' ? keysPath(ep, created._id) : method === 'POST' ? keysPath(ep) : keysPath(ep);
    const accept = message.source.includes('NEGOTIATED')
      ? 'application/json'
      : method === 'GETKEY' && /CSV/.test(_)
        ? 'text/csv'
        : '*/*';
    expect(() => h.client.verify(method === 'GETKEY' ? 'GET' : method, path, { accept }, observed())).toThrow(message);
  });
});
