import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawSend, type WireResponse } from './support/raw-socket.js';
import { keysPath, startServer, type Harness } from './support/start-server.js';

/**
 * Raw-HTTP fuzzing of the reference server (issue 12). fast-check builds request bytes (one to three requests
 * pipelined in one write) from clean parts and hostile ones; each case goes over a fresh socket, and:
 * - every clean request before the first hostile one is answered, in order (unless a response closed the
 *   connection), and the connection is answered or closed, never left hanging;
 * - no response is a 5xx, every 4xx is application/problem+json with the same status in its body, and every
 *   response parses as HTTP/1.1 (nothing is left half-written);
 * - no response carries the server's API key, nor a created key outside its own 201;
 * - the server still serves a normal client afterwards, and logged no 5xx and no secret.
 *
 * `npm test` runs it for at most FUZZ_TIME_MS (4 s) with a fixed seed; `npm run fuzz` runs ≥ 10,000 cases.
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20240612);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 2000);
const TIME_MS = Number(process.env['FUZZ_TIME_MS'] ?? 4_000);
const API_KEY = 'fuzz-api-key-0123456789abcdef';
const OTHER_ENDPOINT = '64ff0e2b9c1a4d0012ab34cd';

interface Part {
  bytes: Buffer;
  /** Built only from well-formed choices: the server must answer it. */
  clean: boolean;
  method: string;
}

const b = (s: string) => Buffer.from(s, 'latin1');
const pick = <T>(clean: T[], dirty: T[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...clean).map((v) => ({ v, clean: true })) },
    { weight: 1, arbitrary: fc.constantFrom(...dirty).map((v) => ({ v, clean: false })) },
  );

function requestArb(endpointId: string): fc.Arbitrary<Part> {
  const path = keysPath(endpointId);
  const method = fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .constantFrom('GET', 'POST', 'DELETE', 'HEAD', 'PUT', 'PATCH', 'OPTIONS', 'TRACE')
        .map((v) => ({ v, clean: true })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('get', 'PROPFIND', 'CONNECT', 'G\x00T', 'GET GET', '', 'ÄÖÜ', 'POST\t')
        .map((v) => ({ v, clean: false })),
    },
  );
  const target = fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            path,
            `${path}/64ff0e2b9c1a4d0012ab0000`,
            keysPath(OTHER_ENDPOINT),
            '/',
            '/v2.0/endpoints',
            `${path}/`,
            `http://example.com${path}`,
            `HTTP://a:1${path}`,
          ),
          fc.constantFrom(
            '',
            '?limit=1',
            '?limit=0',
            '?limit=101',
            '?limit=1&limit=2',
            '?next=abc',
            '?previous=',
            '?limit=%31',
            '?__proto__=1',
            '?limit=1e1',
          ),
        )
        .map(([p, q]) => ({ v: p + q, clean: true })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          '%',
          '%zz',
          '%00',
          '%2F',
          '%2f..%2F',
          '%C0%AF',
          '%FF%FE',
          '%E2%82',
          '~%7E',
          '%25',
          '/..',
          '/./',
          '//',
        )
        .map((e) => ({ v: `${path}${e}`, clean: true })),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1000, max: 20_000 })
        .map((n) => ({ v: `${path}?x=${'a'.repeat(n)}`, clean: n < 6000 })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '*',
          'example.com:443',
          `${path}\x00`,
          `${path} x`,
          `${path}\xff\xfe`,
          '',
          `${path}\r`,
          `/\x7f`,
          `http://${path}`,
        )
        .map((v) => ({ v, clean: false })),
    },
  );
  const version = pick(
    ['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0'],
    ['HTTP/2.0', 'HTTP/1.1x', 'http/1.1', 'HTTP/9.9', 'HTTP/1', ''],
  );
  const host = pick(
    [['Host: a'], ['Host: 127.0.0.1:80'], ['Host: [::1]:1']],
    [[], ['Host: a', 'Host: b'], ['Host: a b'], ['Host: \x00']],
  );
  const apiKey = fc.constantFrom(
    [`X-API-Key: ${API_KEY}`],
    [`X-API-Key: ${API_KEY}`],
    ['X-API-Key: wrong'],
    [],
    [`X-API-Key: ${API_KEY}`, 'X-API-Key: x'],
    [`x-api-key:  ${API_KEY} `],
  );
  const extra = fc.array(
    pick(
      [
        'Accept: application/json',
        'Accept: application/hal+json',
        'Accept: text/csv',
        'Accept: application/xml;q=0.5, */*;q=0.1',
        'Accept: nope/nope',
        'Content-Type: application/json',
        'Content-Type: application/json; charset=latin1',
        'Content-Type: text/plain',
        'Expect: 100-continue',
        'Expect: foo',
        'Expect:',
        '__proto__: x',
        'constructor: y',
        'traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        'Connection: close',
        'Content-Encoding: gzip',
        'X-Utf8: \xc3\xa9',
      ],
      [
        'Bad Header: x',
        'X-Nul: a\x00b',
        'X-Fold: a\r\n b',
        ': empty',
        'X-Cr: a\rb',
        'Transfer-Encoding: gzip, chunked',
        'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked',
        'Content-Length: -1',
        'Content-Length: 1\r\nContent-Length: 2',
        'Content-Length: 0x10',
        'Upgrade: websocket\r\nConnection: upgrade',
      ],
    ),
    { maxLength: 3 },
  );
  const deep = fc.integer({ min: 10, max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n));
  const body = fc.oneof(
    fc.constantFrom(
      '',
      '{"name":"fuzz"}',
      '{"name":"fuzz","__proto__":{"admin":true}}',
      '{"__proto__":{"name":"x"}}',
      '{"constructor":{"prototype":{"x":1}}}',
      '{"name":"\\u0000"}',
      '\ufeff{"name":"bom"}',
      '{"name":',
      'null',
      '[]',
      '{"name":"a","name":"b"}',
      '{"name":"\xff\xfe"}',
      '\x00\x00',
    ),
    deep,
    fc.integer({ min: 8000, max: 40_000 }).map((n) => `{"name":"${'x'.repeat(n)}"}`),
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a).toString('latin1')),
  );
  const framing = fc.oneof(
    { weight: 8, arbitrary: fc.constant('length' as const) },
    { weight: 2, arbitrary: fc.constant('chunked' as const) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'bad-chunk' as const,
        'length+chunked' as const,
        'short-length' as const,
        'none' as const,
      ),
    },
  );
  // Well-formed creates, so created keys exist and the "no secret in any other response" assertion has something
  // to find (random bytes almost never make a valid create).
  const create = fc
    .tuple(
      fc.constantFrom('application/json', 'application/hal+json', 'application/xml', 'text/xml', 'text/csv'),
      fc
        .string({ minLength: 1, maxLength: 20 })
        .filter((n) => n.trim() === n && ![...n].some((c) => c.charCodeAt(0) < 0x20)),
    )
    .map(([accept, name]): Part => {
      const json = Buffer.from(JSON.stringify({ name: `fuzz ${name}` }), 'utf8');
      const head = `POST ${path} HTTP/1.1\r\nHost: a\r\nX-API-Key: ${API_KEY}\r\nAccept: ${accept}\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n`;
      return { bytes: Buffer.concat([b(head), json]), clean: true, method: 'POST' };
    });
  const fuzzed = fc.record({ method, target, version, host, apiKey, extra, body, framing }).map((r): Part => {
    const bodyBytes = b(r.body);
    const lines = [`${r.method.v} ${r.target.v} ${r.version.v}`, ...r.host.v, ...r.apiKey, ...r.extra.map((e) => e.v)];
    let tail: Buffer = Buffer.alloc(0);
    let clean = r.method.clean && r.target.clean && r.version.clean && r.host.clean && r.extra.every((e) => e.clean);
    // A request waiting for a 100 Continue before sending its body is not "clean" for a one-write test.
    if (r.extra.some((e) => e.v.startsWith('Expect: 100'))) clean = false;
    if (r.version.v === 'HTTP/1.0' && r.framing === 'chunked') clean = false;
    switch (r.framing) {
      case 'length':
        lines.push(`Content-Length: ${bodyBytes.length}`);
        tail = bodyBytes;
        break;
      case 'chunked': {
        lines.push('Transfer-Encoding: chunked');
        const chunks =
          bodyBytes.length === 0 ? [] : [bodyBytes.subarray(0, 7), bodyBytes.subarray(7)].filter((c) => c.length > 0);
        tail = Buffer.concat([
          ...chunks.flatMap((c) => [b(`${c.length.toString(16)}\r\n`), c, b('\r\n')]),
          b('0\r\n\r\n'),
        ]);
        break;
      }
      case 'bad-chunk':
        lines.push('Transfer-Encoding: chunked');
        tail = Buffer.concat([b('zz\r\n'), bodyBytes, b('\r\n0\r\n\r\n')]);
        clean = false;
        break;
      case 'length+chunked':
        lines.push(`Content-Length: ${bodyBytes.length}`, 'Transfer-Encoding: chunked');
        tail = Buffer.concat([b(`${bodyBytes.length.toString(16)}\r\n`), bodyBytes, b('\r\n0\r\n\r\n')]);
        clean = false;
        break;
      case 'short-length':
        lines.push(`Content-Length: ${bodyBytes.length + 5}`);
        tail = bodyBytes;
        clean = false;
        break;
      case 'none':
        tail = bodyBytes;
        clean = clean && bodyBytes.length === 0;
        break;
    }
    if (r.extra.some((e) => /^(Content-Length|Transfer-Encoding)/i.test(e.v))) clean = false;
    return { bytes: Buffer.concat([b(lines.join('\r\n') + '\r\n\r\n'), tail]), clean, method: r.method.v };
  });
  return fc.oneof({ weight: 1, arbitrary: create }, { weight: 5, arbitrary: fuzzed });
}

/** A plaintext key in a 201 body, in any representation (the spec's key is 64 lowercase hex characters). */
const KEY = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g;

describe('raw-HTTP fuzzing (fast-check over request bytes)', () => {
  let h: Harness;
  const createdKeys = new Set<string>();
  const stats = { cases: 0, requests: 0, responses: 0, closedEarly: 0, statuses: new Map<number, number>() };
  beforeAll(async () => {
    h = await startServer({ apiKey: API_KEY, timeouts: { headersMs: 200, requestMs: 400, keepAliveMs: 100 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  function checkResponse(r: WireResponse, ownCreate: boolean) {
    expect(r.status, r.raw.slice(0, 300)).toBeLessThan(500);
    expect(r.raw).not.toContain(API_KEY);
    if (r.status >= 400) {
      expect(r.headers['content-type'], r.raw.slice(0, 300)).toBe('application/problem+json');
      if (r.body !== '') expect((JSON.parse(r.body) as { status: number }).status).toBe(r.status);
    }
    // Keys created by earlier requests appear in no later response (this response's own key is not in the set yet).
    for (const key of createdKeys) expect(r.raw.includes(key), 'a created key leaked').toBe(false);
    if (ownCreate && r.status === 201) expect(r.body.match(KEY)?.length ?? 0, r.raw.slice(0, 300)).toBeGreaterThan(0);
  }

  it(
    `answers ${RUNS} cases of hostile bytes (seed ${SEED}, at most ${TIME_MS} ms)`,
    async () => {
      const ep = h.server.endpointIds[0]!;
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(fc.array(requestArb(ep), { minLength: 1, maxLength: 3 }), async (parts) => {
          stats.cases++;
          stats.requests += parts.length;
          const firstDirty = parts.findIndex((p) => !p.clean);
          const mustAnswer = firstDirty < 0 ? parts.length : firstDirty;
          const c = await rawSend(h.server.url, Buffer.concat(parts.map((p) => p.bytes)), {
            responses: firstDirty < 0 ? parts.length : undefined,
            methods: parts.map((p) => p.method),
            waitMs: 4000,
          });
          stats.responses += c.responses.length;
          // Never left hanging: all answered, or closed by the server (timeouts are short here).
          expect(c.responses.length >= parts.length || c.closed, `hung: ${c.raw.slice(0, 200)}`).toBe(true);
          // Nothing half-written.
          if (c.closed) expect(c.trailing, 'an unparsable response').toBe('');
          // Each clean request before the first hostile one is answered, in order, unless a response closed.
          const closer = c.responses.findIndex((r) => r.headers['connection'] === 'close');
          const expected = closer < 0 ? mustAnswer : Math.min(mustAnswer, closer + 1);
          if (c.responses.length < expected) stats.closedEarly++;
          expect(
            c.responses.length,
            `answered ${c.responses.length} of ${expected}: ${c.raw.slice(0, 300)}`,
          ).toBeGreaterThanOrEqual(expected);
          c.responses.forEach((r, i) => {
            stats.statuses.set(r.status, (stats.statuses.get(r.status) ?? 0) + 1);
            checkResponse(r, parts[i]?.method === 'POST');
            if (r.status === 201) for (const key of r.body.match(KEY) ?? []) createdKeys.add(key);
          });
        }),
        {
          seed: SEED,
          numRuns: RUNS,
          interruptAfterTimeLimit: TIME_MS,
          markInterruptAsFailure: false,
          endOnFailure: true,
        },
      );
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const statuses = [...stats.statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}:${n}`)
        .join(' ');
      console.log(
        `raw-http fuzz: ${stats.cases} cases, ${stats.requests} requests, ${stats.responses} responses in ${seconds} s (seed ${SEED}); ${stats.closedEarly} closed early; statuses ${statuses}`,
      );
      expect(stats.cases).toBeGreaterThan(50);

      // The server still serves a normal client, logged no 5xx and no secret.
      const res = await fetch(`${h.server.url}${keysPath(ep)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: '{"name":"after the fuzz"}',
      });
      expect(res.status).toBe(201);
      const list = await fetch(`${h.server.url}${keysPath(ep)}?limit=1`, { headers: { 'x-api-key': API_KEY } });
      expect(list.status).toBe(200);
      const logs = h.logs.join('\n');
      expect(logs).not.toContain(API_KEY);
      for (const line of h.logs) expect((JSON.parse(line) as { status: number | null }).status ?? 0).toBeLessThan(500);
      for (const key of createdKeys) expect(logs).not.toContain(key);
    },
    TIME_MS + 120_000,
  );
});
