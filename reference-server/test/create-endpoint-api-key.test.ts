import fc from 'fast-check';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewOf } from '../../contract/src/index.js';
import { JSON_HEADERS, keysPath, startServer, type Harness } from './support/start-server.js';

const NOW_MS = 1_694_518_620_123;
const MEDIA = ['application/json', 'application/hal+json', 'application/xml', 'text/xml', 'text/csv'];

describe('createEndpointApiKey', () => {
  let h: Harness;
  let ep: string;
  const create = (body: string | Buffer, headers: Record<string, string> = JSON_HEADERS) =>
    h.client.send('POST', keysPath(ep), { headers, body });

  beforeAll(async () => {
    h = await startServer({ clock: () => NOW_MS });
    ep = h.server.endpointIds[0]!;
  });
  afterAll(() => h.close());

  it("answers the seed's request with a 201 of the seed's shape", async () => {
    const op = h.server.contract.operation('createEndpointApiKey');
    const seedRequest = op.requestBody!.content[0]!.examples[0];
    const seedResponse = op.responses.find((r) => r.status === '201')!.content[0]!.examples[0] as Record<
      string,
      unknown
    >;

    const res = await create(JSON.stringify(seedRequest));

    expect(res.status).toBe(201);
    expect(Object.keys(res.json).sort()).toEqual(Object.keys(seedResponse).sort());
    expect(res.json.name).toBe(seedResponse['name']);
    expect(res.json.createdAt).toBe(Math.floor(NOW_MS / 1000));
    expect(res.json.keyPreview).toBe(previewOf(h.server.contract.previewRules[0]!, res.json.key));
    expect(res.headers['location']).toBe(keysPath(ep, res.json._id));
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('serves the created key at its Location', async () => {
    const created = await create('{"name":"located"}');
    const read = await h.client.send('GET', String(created.headers['location']));
    expect(read.status).toBe(200);
    expect(read.json).toEqual({
      _id: created.json._id,
      name: 'located',
      keyPreview: created.json.keyPreview,
      createdAt: created.json.createdAt,
    });
  });

  it('gives every key a unique _id and a fresh key', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => create(JSON.stringify({ name: `k${i}` }))));
    expect(new Set(results.map((r) => r.json._id)).size).toBe(20);
    expect(new Set(results.map((r) => r.json.key)).size).toBe(20);
  });

  it.each(MEDIA)('answers in %s when asked for it', async (accept) => {
    const res = await create('{"name":"My CRM webhook"}', { ...JSON_HEADERS, accept });
    expect(res.status).toBe(201);
    expect(res.check.mediaType).toBe(accept);
  });

  it.each([
    ['text/csv, application/json;q=0.5', 'text/csv'],
    ['application/*', 'application/json'],
    ['text/*', 'text/xml'],
    ['*/*', 'application/json'],
    ['application/json;q=0, */*;q=0.1', 'application/hal+json'],
    ['', 'application/json'],
  ])('negotiates Accept %j to %s', async (accept, expected) => {
    const res = await create('{"name":"n"}', { ...JSON_HEADERS, accept });
    expect(res.check.mediaType).toBe(expected);
  });

  it.each(['image/png', 'application/json;q=0', 'text/html, application/pdf'])(
    'answers 406 to Accept %j',
    async (accept) => {
      const res = await create('{"name":"n"}', { ...JSON_HEADERS, accept });
      expect(res.status).toBe(406);
      expect(res.json.type).toBe('urn:apikeys-kit:problem:not-acceptable');
    },
  );

  it.each([
    ['no Content-Type', {}],
    ['text/plain', { 'content-type': 'text/plain' }],
    ['a charset other than UTF-8', { 'content-type': 'application/json; charset=iso-8859-1' }],
    ['application/xml', { 'content-type': 'application/xml' }],
  ])('answers 415 to a body with %s', async (_, headers) => {
    const res = await create('{"name":"n"}', headers);
    expect(res.status).toBe(415);
    expect(res.json.type).toBe('urn:apikeys-kit:problem:unsupported-media-type');
  });

  it.each(['application/json; charset=UTF-8', 'Application/JSON;charset="utf-8"'])(
    'accepts Content-Type %j',
    async (ct) => {
      const res = await create('{"name":"n"}', { 'content-type': ct });
      expect(res.status).toBe(201);
    },
  );

  it('answers 413 to a declared Content-Length over the limit', async () => {
    const max = h.server.contract.operation('createEndpointApiKey').requestBody!.maxBytes;
    const res = await create(JSON.stringify({ name: 'n', pad: 'x'.repeat(max) }));
    expect(res.status).toBe(413);
    expect(res.json.type).toBe('urn:apikeys-kit:problem:content-too-large');
  });

  it('answers 413 to a chunked body once it passes the limit', async () => {
    const max = h.server.contract.operation('createEndpointApiKey').requestBody!.maxBytes;
    const chunks = ['{"name":"', ...Array.from({ length: 4 }, () => 'x'.repeat(max / 2)), '"}'];
    const res = await h.client.send('POST', keysPath(ep), {
      headers: JSON_HEADERS,
      body: Readable.from(chunks) as never,
    });
    expect(res.status).toBe(413);
  });

  it('accepts a body of exactly the limit', async () => {
    const max = h.server.contract.operation('createEndpointApiKey').requestBody!.maxBytes;
    const body = `{"name":"n"}${' '.repeat(max - '{"name":"n"}'.length)}`;
    const res = await create(body);
    expect(res.status).toBe(201);
  });

  it.each([
    ['malformed JSON', '{"name":', ['']],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), ['']],
    ['an empty body', '', ['']],
    ['a missing name', '{}', ['/name']],
    ['an array', '[]', ['']],
    ['a number for name', '{"name":42}', ['/name']],
    ['an empty name', '{"name":""}', ['/name']],
    ['a name of 129 code points', JSON.stringify({ name: '😀'.repeat(129) }), ['/name']],
    ['leading white space', '{"name":" x"}', ['/name']],
    ['a control character', '{"name":"a\\u0007b"}', ['/name']],
    ['U+FFFF', '{"name":"a\\uffffb"}', ['/name']],
    ['a line separator', '{"name":"a\\u2028b"}', ['/name']],
    ['an unknown property', '{"name":"x","key":"abc"}', ['/key']],
    ['several problems', '{"name":"","extra":1,"more":2}', ['/name', '/extra', '/more']],
  ])('answers 400 to %s, naming each offending field', async (_, body, names) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.json.type).toBe('urn:apikeys-kit:problem:invalid-request');
    for (const name of names) expect(res.json.errors).toContainEqual(expect.objectContaining({ in: 'body', name }));
  });

  it('accepts a name of exactly 128 code points', async () => {
    const res = await create(JSON.stringify({ name: '😀'.repeat(128) }));
    expect(res.status).toBe(201);
  });

  it('gives every accepted name back unchanged in all five representations', async () => {
    const validName = h.server.contract.validatorFor('KeyName');
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => validName(s)),
        async (name) => {
          const created = await create(JSON.stringify({ name }));
          expect(created.status).toBe(201);
          for (const accept of MEDIA) {
            const read = await h.client.send('GET', keysPath(ep, created.json._id), { headers: { accept } });
            const d = read.check.decoded!;
            const value = d.representation === 'csv' ? d.rows[0] : (d.value as Record<string, unknown>);
            expect(value?.['name'], accept).toBe(name);
          }
        },
      ),
      { seed: 20261128, numRuns: 25 },
    );
  });
});
