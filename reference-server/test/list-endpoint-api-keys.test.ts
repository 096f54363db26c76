import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractResponse } from './support/contract-client.js';
import { JSON_HEADERS, keysPath, startServer, type Harness } from './support/start-server.js';

describe('listEndpointApiKeys', () => {
  let h: Harness;
  let now = 1_700_000_000_000;
  let ep: string;
  let other: string;
  let emptyEp: string;
  const ids: string[] = [];

  const create = async (endpointId: string, name: string): Promise<string> => {
    now += 500; // two keys per second: ties on createdAt are broken by _id
    const res = await h.client.send('POST', keysPath(endpointId), {
      headers: JSON_HEADERS,
      body: JSON.stringify({ name }),
    });
    return res.json._id;
  };
  const list = (query: string, headers: Record<string, string> = {}, endpointId = ep): Promise<ContractResponse> =>
    h.client.send('GET', `${keysPath(endpointId)}${query}`, { headers });

  beforeAll(async () => {
    h = await startServer({
      clock: () => now,
      endpointIds: ['64f1c2a9b8e7d6c5b4a39281', '64f1c2a9b8e7d6c5b4a39282', '64f1c2a9b8e7d6c5b4a39283'],
    });
    [ep, other, emptyEp] = h.server.endpointIds as [string, string, string];
    for (let i = 0; i < 23; i++) ids.push(await create(ep, `key ${i}`));
    await create(other, 'elsewhere');
  });
  afterAll(() => h.close());

  it('lists an Endpoint without keys as an empty first and last page', async () => {
    const res = await list('', {}, emptyEp);
    expect(res.json).toEqual({ items: [], total: 0, nextCursor: null, previousCursor: null });
    expect(res.headers['link']).toBeUndefined();
  });

  it('lists the first page oldest first with the default limit from the spec', async () => {
    const limit = h.server.contract.operation('listEndpointApiKeys').parameters.find((p) => p.name === 'limit')!;
    const res = await list('');
    expect(res.json.items.map((i: { _id: string }) => i._id)).toEqual(
      ids.slice(0, limit.resolvedSchema['default'] as number),
    );
    expect(res.json.total).toBe(23);
    expect(res.json.items.every((i: Record<string, unknown>) => !('key' in i))).toBe(true);
  });

  it('walks forward and back with cursors, with Link headers and HAL links', async () => {
    const pages: string[][] = [];
    let res = await list('?limit=5', { accept: 'application/hal+json' });
    expect(res.json.previousCursor).toBeNull();
    for (;;) {
      pages.push(res.json.items.map((i: { _id: string }) => i._id));
      expect(res.json._links.self.href).toMatch(/\?limit=5/);
      if (res.json.nextCursor === null) break;
      expect(res.headers['link']).toContain(`next=${res.json.nextCursor}>; rel="next"`);
      expect(res.json._links.next?.href).toBe(`${keysPath(ep)}?limit=5&next=${res.json.nextCursor}`);
      res = await list(`?limit=5&next=${res.json.nextCursor}`, { accept: 'application/hal+json' });
      expect(res.json.previousCursor).not.toBeNull();
    }
    expect(pages.flat()).toEqual(ids);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
    expect(res.json._links.next).toBeUndefined();

    const back: string[][] = [];
    while (res.json.previousCursor !== null) {
      expect(res.headers['link']).toContain('rel="prev"');
      res = await list(`?limit=5&previous=${res.json.previousCursor}`);
      back.unshift(res.json.items.map((i: { _id: string }) => i._id));
    }
    expect(back.flat()).toEqual(ids.slice(0, 20));
  });

  it('keeps cursors valid when keys are created and revoked in between', async () => {
    const page1 = await list('?limit=4');
    const revoked = ids[5]!; // on the next page
    await h.client.send('DELETE', keysPath(ep, revoked));
    await h.client.send('DELETE', keysPath(ep, ids[3])); // the cursor's own key
    const added = await create(ep, 'late');
    const page2 = await list(`?limit=4&next=${page1.json.nextCursor}`);
    expect(page2.json.items.map((i: { _id: string }) => i._id)).toEqual([ids[4], ids[6], ids[7], ids[8]]);
    expect(page2.json.total).toBe(22);
    await h.client.send('DELETE', keysPath(ep, added));
    ids.splice(5, 1);
    ids.splice(3, 1);
  });

  it('puts cursors only in the Link header of a CSV page', async () => {
    const res = await list('?limit=2', { accept: 'text/csv' });
    expect(res.check.decoded).toMatchObject({ representation: 'csv' });
    expect(res.body.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(res.headers['link']).toMatch(/^<[^>]+next=[A-Za-z0-9_-]+>; rel="next"$/);
  });

  it.each(['0', '101', 'abc', '1.5', '+3', '0x10', '', '1e1'])('answers 400 to limit=%j', async (limit) => {
    const res = await list(`?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(res.json.errors).toContainEqual(expect.objectContaining({ in: 'query', name: 'limit' }));
  });

  it('answers 400 to a repeated limit', async () => {
    const res = await list('?limit=2&limit=3');
    expect(res.status).toBe(400);
  });

  it('ignores undocumented query parameters', async () => {
    const res = await list('?limit=2&foo=bar');
    expect(res.status).toBe(200);
  });

  it('answers 400 to next together with previous', async () => {
    const page = await list('?limit=2');
    const page2 = await list(`?limit=2&next=${page.json.nextCursor}`);
    const res = await list(`?next=${page.json.nextCursor}&previous=${page2.json.previousCursor}`);
    expect(res.status).toBe(400);
    expect((res.json.errors ?? []).map((e) => e.name).sort()).toEqual(['next', 'previous']);
  });

  it('answers 400 to a cursor of the wrong direction or another Endpoint', async () => {
    const page = await list('?limit=2');
    expect((await list(`?previous=${page.json.nextCursor}`)).status).toBe(400);
    const res = await list(`?next=${page.json.nextCursor}`, {}, other);
    expect(res.status).toBe(400);
    expect(res.json.errors).toContainEqual(expect.objectContaining({ in: 'query', name: 'next' }));
  });

  it('answers 400 to any cursor it did not issue', async () => {
    const { nextCursor } = (await list('?limit=2')).json as { nextCursor: string };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.stringMatching(/^[A-Za-z0-9_-]{1,80}$/),
          fc.nat({ max: nextCursor.length - 1 }).map((i) => {
            const c = nextCursor[i] === 'A' ? 'B' : 'A';
            return nextCursor.slice(0, i) + c + nextCursor.slice(i + 1);
          }),
        ),
        async (cursor) => {
          fc.pre(cursor !== nextCursor);
          const res = await list(`?next=${cursor}`);
          expect(res.status).toBe(400);
        },
      ),
      { seed: 42, numRuns: 40 },
    );
  });

  it('answers 400 to a cursor outside the schema (not URL-safe)', async () => {
    const res = await list('?next=a%2Bb');
    expect(res.status).toBe(400);
  });

  it('answers 404 before looking at the query of an unknown Endpoint', async () => {
    const res = await list('?limit=0', {}, '64f1c2a9b8e7d6c5b4a39299');
    expect(res.status).toBe(404);
  });
});
