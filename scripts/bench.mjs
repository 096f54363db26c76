#!/usr/bin/env node
// Benchmarks of the reference server. Every result is a ratio against a baseline measured in the same run, on
// the same machine, so numbers compare across machines; nothing here is asserted by a test.
//   npm run bench            full run (a few seconds)
//   node scripts/bench.mjs --quick   smaller counts (used by the smoke test)
// Traffic goes to 127.0.0.1 only, with fixed request counts.
import { createServer as createHttpServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { createServer, MemoryStore } from '../dist/reference-server/src/index.js';

const quick = process.argv.includes('--quick');
const json = process.argv.includes('--json');
const CONCURRENCY = 8;
const ENDPOINT = '64f1c2a9b8e7d6c5b4a39281';
const API_KEY = 'bench-api-key';

/** Runs `total` calls of `fn` with `CONCURRENCY` in flight; returns ms per call (median of 3 repetitions). */
async function measure(total, fn) {
  const times = [];
  for (let rep = 0; rep < 3; rep++) {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < total) {
          next += 1;
          await fn();
        }
      }),
    );
    times.push((performance.now() - t0) / total);
  }
  return times.sort((a, b) => a - b)[1];
}

async function fetchText(pool, opts) {
  const res = await pool.request(opts);
  const body = await res.body.text();
  if (res.statusCode >= 400) throw new Error(`${opts.method} ${opts.path}: ${res.statusCode} ${body.slice(0, 200)}`);
  return { status: res.statusCode, body };
}

/** A store pre-filled with n keys (synthetic records: the benchmark needs their positions, not real keys). */
async function filledStore(n) {
  const store = new MemoryStore();
  await store.ensureEndpoint(ENDPOINT);
  const base = 1_700_000_000;
  for (let i = 0; i < n; i++) {
    const _id = (base + i).toString(16).padStart(8, '0') + i.toString(16).padStart(16, '0');
    await store.create({
      _id,
      endpointId: ENDPOINT,
      name: `key ${i}`,
      keyPreview: 'abcd••••••••wxyz',
      createdAt: base + i,
      keyDigest: '0'.repeat(64),
    });
  }
  return store;
}

/** ms per list request while walking pages of 25 with `next` cursors (wrapping to the first page at the end). */
async function listWalk(n, requests) {
  const server = await createServer({
    apiKey: API_KEY,
    endpointIds: [ENDPOINT],
    store: await filledStore(n),
    log: () => {},
  });
  const url = new URL(server.url);
  const pool = new Pool(url.origin, { connections: CONCURRENCY });
  const path = `${url.pathname.replace(/\/$/, '')}/v2.0/endpoints/${ENDPOINT}/apikeys`;
  const headers = { 'x-api-key': API_KEY };
  // Start every walker deep in the list, so an offset scan would pay for every key before the page.
  let cursor = null;
  for (let i = 0; i < 3; i++) {
    const page = JSON.parse(
      (await fetchText(pool, { method: 'GET', path: `${path}?limit=100${cursor ? `&next=${cursor}` : ''}`, headers }))
        .body,
    );
    cursor = page.nextCursor;
  }
  const deep = cursor;
  let current = deep;
  try {
    return await measure(requests, async () => {
      const { body } = await fetchText(pool, {
        method: 'GET',
        path: `${path}?limit=25${current ? `&next=${current}` : ''}`,
        headers,
      });
      current = JSON.parse(body).nextCursor ?? deep;
    });
  } finally {
    await pool.close();
    await server.close();
  }
}

async function createRate(requests) {
  const server = await createServer({ apiKey: API_KEY, endpointIds: [ENDPOINT], log: () => {} });
  const url = new URL(server.url);
  const pool = new Pool(url.origin, { connections: CONCURRENCY });
  const path = `${url.pathname.replace(/\/$/, '')}/v2.0/endpoints/${ENDPOINT}/apikeys`;
  try {
    return await measure(requests, () =>
      fetchText(pool, {
        method: 'POST',
        path,
        headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
        body: '{"name":"My CRM webhook"}',
      }),
    );
  } finally {
    await pool.close();
    await server.close();
  }
}

/** Baseline: a bare node:http server that reads the body, parses it and answers a fixed 201 JSON. */
async function baselineRate(requests) {
  const reply = JSON.stringify({
    key: 'a'.repeat(64),
    _id: 'b'.repeat(24),
    name: 'My CRM webhook',
    keyPreview: 'aaaa••••••••aaaa',
    createdAt: 1694518620,
  });
  const server = createHttpServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      JSON.parse(body);
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) });
      res.end(reply);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const pool = new Pool(`http://127.0.0.1:${server.address().port}`, { connections: CONCURRENCY });
  try {
    return await measure(requests, () =>
      fetchText(pool, {
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"My CRM webhook"}',
      }),
    );
  } finally {
    await pool.close();
    await new Promise((r) => server.close(r));
  }
}

const small = 1_000;
const large = quick ? 20_000 : 200_000;
const requests = quick ? 200 : 2_000;

const results = [];
const listSmall = await listWalk(small, requests);
const listLarge = await listWalk(large, requests);
results.push({
  name: `list page (limit 25) with ${large} keys vs ${small} keys`,
  baselineMs: listSmall,
  measuredMs: listLarge,
  ratio: listLarge / listSmall,
  expect: 'about 1: a page costs O(page size), not O(number of keys)',
});
const base = await baselineRate(requests);
const create = await createRate(requests);
results.push({
  name: 'create (validation, key generation, digest, negotiation) vs bare node:http JSON echo',
  baselineMs: base,
  measuredMs: create,
  ratio: create / base,
  expect: 'the cost of doing the contract right per request',
});

if (json) {
  console.log(JSON.stringify({ node: process.version, concurrency: CONCURRENCY, requests, results }, null, 2));
} else {
  console.log(`node ${process.version}, ${requests} requests per measurement, ${CONCURRENCY} in flight, median of 3\n`);
  for (const r of results) {
    console.log(
      `${r.name}\n  baseline ${r.baselineMs.toFixed(3)} ms/request, measured ${r.measuredMs.toFixed(3)} ms/request, ratio ${r.ratio.toFixed(2)} (${r.expect})`,
    );
  }
}
