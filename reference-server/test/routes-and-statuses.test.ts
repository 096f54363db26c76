import { allowedMethods } from '../../contract/src/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestHandler, MemoryStore, type Store } from '../src/index.js';
import { UNKNOWN_PATH, type Observation } from './support/contract-client.js';
import { FaultyStore } from './support/faulty-store.js';
import { JSON_HEADERS, keysPath, startServer, type Harness, logLine } from './support/start-server.js';

const UNKNOWN_ID = '0123456789abcdef01234567';
const MALFORMED_ID = 'NOT-AN-OBJECT-ID';

describe("the server's routes are the spec's operations", () => {
  let h: Harness;
  let faulty: Harness;
  let store: FaultyStore;
  const observations: Observation[] = [];

  beforeAll(async () => {
    h = await startServer();
    store = new FaultyStore();
    faulty = await startServer({ store });
  });
  afterAll(async () => {
    await Promise.all([h.close(), faulty.close()]);
  });

  it('refuses to build a handler whose operations differ from the spec', () => {
    const contract = h.server.contract;
    const base = { apiKey: 'k', store: new MemoryStore(), contract };
    expect(() => createRequestHandler({ ...base, handlers: {} })).toThrow(/do not match the spec's operations/);
    expect(() => createRequestHandler(base)).not.toThrow();
  });

  it('answers every documented method of every path, and 405 with Allow for every other method', async () => {
    const ep = h.server.endpointIds[0]!;
    const created = await h.client.send('POST', keysPath(ep), { headers: JSON_HEADERS, body: '{"name":"probe"}' });
    for (const [template, ops] of h.server.contract.pathsByTemplate()) {
      const path = template.replace('{endpointId}', ep).replace('{apiKeyId}', created.json._id);
      const documented = ops.map((o) => o.method).sort();
      const allowed = allowedMethods(ops);
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE']) {
        const res = await h.client.send(method, path, {
          headers: JSON_HEADERS,
          ...(method === 'POST' ? { body: '{"name":"p"}' } : {}),
        });
        if (documented.includes(method)) {
          expect(res.operationId).toBe(ops.find((o) => o.method === method)!.operationId);
          expect([404, 405]).not.toContain(res.status);
        } else if (method === 'HEAD' && documented.includes('GET')) {
          // HEAD is GET without content: the GET operation answers (404 here once DELETE ran), with no body.
          expect(res.operationId).toBe(ops.find((o) => o.method === 'GET')!.operationId);
          expect(res.status).not.toBe(405);
          expect(res.body).toBe('');
        } else {
          expect(res.status).toBe(405);
          expect(res.headers['allow']).toBe(allowed.join(', '));
          expect(res.json.type).toBe('urn:apikeys-kit:problem:method-not-allowed');
        }
      }
    }
  });

  it('answers 404 for paths the spec does not have', async () => {
    const ep = h.server.endpointIds[0]!;
    for (const path of [
      '/',
      '/v2.0',
      `/v2.0/endpoints/${ep}`,
      `${keysPath(ep)}/`,
      `${keysPath(ep)}/x/y`,
      '/v2.0/endpoints//apikeys',
      '/V2.0/endpoints/x/apikeys',
    ]) {
      const res = await h.client.send('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.operationId).toBe(UNKNOWN_PATH);
    }
  });

  it('produces every documented status of every operation (x-optional ones never)', async () => {
    const ep = h.server.endpointIds[0]!;
    const c = h.client;
    const post = (path: string, body: string, headers: Record<string, string> = JSON_HEADERS, anonymous = false) =>
      c.send('POST', path, { headers, body, anonymous });
    const key = (await post(keysPath(ep), '{"name":"coverage"}')).json._id;
    // createEndpointApiKey
    await post(keysPath(MALFORMED_ID), '{"name":"x"}');
    await post(keysPath(ep), '{"name":"x"}', JSON_HEADERS, true);
    await post(keysPath(UNKNOWN_ID), '{"name":"x"}');
    await post(keysPath(ep), '{"name":"x"}', { ...JSON_HEADERS, accept: 'image/png' });
    await post(keysPath(ep), JSON.stringify({ name: 'x'.repeat(9000) }));
    await post(keysPath(ep), '{"name":"x"}', { 'content-type': 'text/plain' });
    // listEndpointApiKeys
    await c.send('GET', keysPath(ep));
    await c.send('GET', `${keysPath(ep)}?limit=0`);
    await c.send('GET', keysPath(ep), { anonymous: true });
    await c.send('GET', keysPath(UNKNOWN_ID));
    await c.send('GET', keysPath(ep), { headers: { accept: 'application/pdf' } });
    // readEndpointApiKey
    await c.send('GET', keysPath(ep, key));
    await c.send('GET', keysPath(ep, MALFORMED_ID));
    await c.send('GET', keysPath(ep, key), { anonymous: true });
    await c.send('GET', keysPath(ep, UNKNOWN_ID));
    await c.send('GET', keysPath(ep, key), { headers: { accept: 'text/html' } });
    // deleteEndpointApiKey
    await c.send('DELETE', keysPath(ep, MALFORMED_ID));
    await c.send('DELETE', keysPath(ep, key), { anonymous: true });
    await c.send('DELETE', keysPath(ep, key));
    await c.send('DELETE', keysPath(ep, key));
    observations.push(...c.observations);

    // `default`: an unexpected failure of the store is a 500 problem, and the server keeps serving.
    const fep = faulty.server.endpointIds[0]!;
    const fkey = (await faulty.client.send('POST', keysPath(fep), { headers: JSON_HEADERS, body: '{"name":"f"}' })).json
      ._id;
    const failures: [keyof Store, () => Promise<unknown>][] = [
      ['create', () => faulty.client.send('POST', keysPath(fep), { headers: JSON_HEADERS, body: '{"name":"f"}' })],
      ['count', () => faulty.client.send('GET', keysPath(fep))],
      ['get', () => faulty.client.send('GET', keysPath(fep, fkey))],
      ['delete', () => faulty.client.send('DELETE', keysPath(fep, fkey))],
    ];
    for (const [method, call] of failures) {
      store.failNext.add(method);
      const res = (await call()) as Awaited<ReturnType<typeof faulty.client.send>>;
      expect(res.status).toBe(500);
      expect(res.json.type).toBe('urn:apikeys-kit:problem:internal-error');
      expect(res.body).not.toMatch(/injected|at .*\.ts|Error:/);
      const again = (await call()) as Awaited<ReturnType<typeof faulty.client.send>>;
      expect(again.status).toBeLessThan(500);
    }
    expect(faulty.logs.some((l) => logLine(l).error === 'Error: injected create failure')).toBe(true);
    observations.push(...faulty.client.observations);

    const seen = new Set(observations.map((o) => `${o.operationId} ${o.status}`));
    const missing: string[] = [];
    const optionalSent: string[] = [];
    for (const op of h.server.contract.operations) {
      for (const r of op.responses) {
        const status = r.status === 'default' ? '500' : r.status;
        // x-optional (the 429): a server need never send it, and this one sets no rate limits, so it never does.
        if (r.optional) {
          if (seen.has(`${op.operationId} ${status}`)) optionalSent.push(`${op.operationId} ${r.status}`);
        } else if (!seen.has(`${op.operationId} ${status}`)) missing.push(`${op.operationId} ${r.status}`);
      }
    }
    expect(missing).toEqual([]);
    expect(optionalSent).toEqual([]);
  });
});
