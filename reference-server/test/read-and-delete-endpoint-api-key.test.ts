import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_HEADERS, keysPath, startServer, type Harness } from './support/start-server.js';

const MEDIA = ['application/json', 'application/hal+json', 'application/xml', 'text/xml', 'text/csv'];

describe('readEndpointApiKey and deleteEndpointApiKey', () => {
  let h: Harness;
  let ep: string;
  const create = async (name: string) =>
    (await h.client.send('POST', keysPath(ep), { headers: JSON_HEADERS, body: JSON.stringify({ name }) })).json;

  beforeAll(async () => {
    h = await startServer();
    ep = h.server.endpointIds[0]!;
  });
  afterAll(() => h.close());

  it.each(MEDIA)('reads the metadata as %s, without the key', async (accept) => {
    const created = await create('readable');
    const res = await h.client.send('GET', keysPath(ep, created._id), { headers: { accept } });
    expect(res.status).toBe(200);
    expect(res.check.mediaType).toBe(accept);
    expect(res.body).not.toContain(created.key);
    expect(res.headers['vary']).toBe('Accept');
  });

  it('links a HAL key to itself', async () => {
    const created = await create('hal');
    const res = await h.client.send('GET', keysPath(ep, created._id), { headers: { accept: 'application/hal+json' } });
    expect(res.json._links).toEqual({ self: { href: keysPath(ep, created._id) } });
  });

  it('answers 404 for a well-formed unknown key and 400 for a malformed one', async () => {
    expect((await h.client.send('GET', keysPath(ep, 'ffffffffffffffffffffffff'))).status).toBe(404);
    const res = await h.client.send('GET', keysPath(ep, 'ABCDEF'));
    expect(res.status).toBe(400);
    expect(res.json.errors).toContainEqual(expect.objectContaining({ in: 'path', name: 'apiKeyId' }));
  });

  it('answers 404 for a key of another Endpoint', async () => {
    const other = await startServer({ endpointIds: [ep, '64f1c2a9b8e7d6c5b4a39281'], apiKey: h.server.apiKey });
    const created = (await other.client.send('POST', keysPath(ep), { headers: JSON_HEADERS, body: '{"name":"mine"}' }))
      .json;
    const res = await other.client.send('GET', keysPath('64f1c2a9b8e7d6c5b4a39281', created._id));
    expect(res.status).toBe(404);
    await other.close();
  });

  it('revokes a key: 204 with no body, then read, delete and list no longer find it', async () => {
    const created = await create('doomed');
    const del = await h.client.send('DELETE', keysPath(ep, created._id));
    expect(del.status).toBe(204);
    expect(del.body).toBe('');
    expect((await h.client.send('GET', keysPath(ep, created._id))).status).toBe(404);
    expect((await h.client.send('DELETE', keysPath(ep, created._id))).status).toBe(404);
    const list = await h.client.send('GET', `${keysPath(ep)}?limit=100`);
    expect(list.json.items.map((i: { _id: string }) => i._id)).not.toContain(created._id);
  });

  it('does not negotiate Accept on delete', async () => {
    const created = await create('no body');
    const res = await h.client.send('DELETE', keysPath(ep, created._id), { headers: { accept: 'image/png' } });
    expect(res.status).toBe(204);
  });
});
