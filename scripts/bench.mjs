#!/usr/bin/env node
// Benchmarks of the reference server. Every ratio compares two measurements of the same run, taken in alternating
// rounds (A B A B …), so load from other processes on the machine hits both sides alike; nothing here is asserted
// by a test (cli/test/bench.test.ts only checks that the script runs and reports).
//   npm run bench                      full run (about two minutes)
//   node scripts/bench.mjs --quick     short rounds, 20,000 keys instead of 200,000 (the smoke test)
//   node scripts/bench.mjs --json      the results as JSON
//   node scripts/bench.mjs --profile DIR   only create load, under `node --cpu-prof`, on the reference server and on
//                                      the bare baseline; prints each one's top self-time functions
//                                      (scripts/cpu-profile-summary.mjs; profiles in DIR/reference, DIR/bare)
// Method: each server runs in its own child process (scripts/bench-server.mjs) and the load generator (autocannon,
// 32 connections, no pipelining) in this one, so the generator never takes the server's event loop. Traffic goes
// to 127.0.0.1 only; every round is bounded in time or count; the children exit with this process.
import { fork } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { API_KEY, ENDPOINT } from './bench-server.mjs';
import { summariseProfiles } from './cpu-profile-summary.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const json = args.includes('--json');
const profileAt = args.indexOf('--profile');
const profileDir = profileAt >= 0 ? resolve(args[profileAt + 1] ?? 'bench-profile') : undefined;

const CONNECTIONS = 32;
const ROUNDS = quick ? 2 : 5;
const ROUND_SECONDS = quick ? 1 : 3;
const SMALL = 1_000;
const LARGE = quick ? 20_000 : 200_000;
const PAGE_LIMIT = 25;
const KEYS_PATH = `/v2.0/endpoints/${ENDPOINT}/apikeys`;
const CREATE_BODY = '{"name":"My CRM webhook"}';

/** Starts a server child; resolves with its URL, a request function over IPC and a stop function. */
function startServer(role, execArgv = []) {
  const child = fork(join(here, 'bench-server.mjs'), [role], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  const waiting = new Map();
  return new Promise((resolveStart, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${role} server exited with ${code}`)));
    child.on('message', (msg) => {
      if (msg.ready) {
        resolveStart({
          url: msg.url,
          ask: (cmd) =>
            new Promise((r) => {
              nextId += 1;
              waiting.set(nextId, r);
              child.send({ id: nextId, cmd });
            }),
          stop: () =>
            new Promise((r) => {
              child.removeAllListeners('exit');
              child.once('exit', r);
              child.send({ id: 0, cmd: 'exit' });
            }),
        });
      } else waiting.get(msg.id)?.(msg);
    });
  });
}

/** One autocannon run; throws unless every response had the expected status family. */
async function load(url, { path = '/', ...options }) {
  const result = await autocannon({ url: new URL(path, url).href, connections: CONNECTIONS, ...options });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return result;
}

const createRequest = {
  method: 'POST',
  headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
  body: CREATE_BODY,
};

/** Requests per second of one timed round, and the share of one core the server's process used meanwhile. */
async function round(server, options) {
  const cpu0 = await server.ask('cpu');
  const t0 = performance.now();
  const result = await load(server.url, { duration: ROUND_SECONDS, ...options });
  const wall = performance.now() - t0;
  const cpu1 = await server.ask('cpu');
  const cpuMs = (cpu1.user + cpu1.system - cpu0.user - cpu0.system) / 1000;
  return {
    rps: result['2xx'] / (wall / 1000),
    serverCpu: cpuMs / wall,
    cpuUsPerRequest: (cpuMs * 1000) / result['2xx'],
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Alternating rounds of `a` and `b` after one warm-up round each; medians and the ratio b/a. */
async function alternate(a, aOptions, b, bOptions) {
  await round(a, aOptions);
  await round(b, bOptions);
  const ra = [];
  const rb = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate which goes first too, so a trend in the machine's load does not favour one side.
    if (i % 2 === 0) {
      ra.push(await round(a, aOptions));
      rb.push(await round(b, bOptions));
    } else {
      rb.push(await round(b, bOptions));
      ra.push(await round(a, aOptions));
    }
  }
  const summary = (rs) => ({
    medianRps: median(rs.map((r) => r.rps)),
    rounds: rs.map((r) => Math.round(r.rps)),
    medianServerCpu: median(rs.map((r) => r.serverCpu)),
    medianCpuUsPerRequest: median(rs.map((r) => r.cpuUsPerRequest)),
  });
  return { a: summary(ra), b: summary(rb) };
}

async function createThroughput() {
  const bare = await startServer('bare');
  const reference = await startServer('reference');
  try {
    const { a, b } = await alternate(bare, createRequest, reference, { ...createRequest, path: KEYS_PATH });
    return {
      name: 'create throughput: reference server vs bare node:http (parse JSON body, fixed 201)',
      unit: 'requests/s',
      baseline: a,
      measured: b,
      ratio: b.medianRps / a.medianRps,
      // Less sensitive to other load on the machine than requests/s: what one request costs the server's process.
      cpuRatio: a.medianCpuUsPerRequest / b.medianCpuUsPerRequest,
      expect: 'at least 0.8 (issue 11 item 4)',
    };
  } finally {
    await Promise.all([bare.stop(), reference.stop()]);
  }
}

/** Creates `n` keys through HTTP (real creates: real digests, previews and ids). */
async function fill(server, n) {
  await load(server.url, { ...createRequest, path: KEYS_PATH, amount: n });
}

/** `next` cursors into the second half of the server's keys, found by walking the list with `limit=step`. */
async function deepCursors(server, step) {
  const pool = new Pool(server.url, { connections: 1 });
  const cursors = [];
  try {
    let cursor = null;
    let total = Infinity;
    for (let seen = 0; seen < total; seen += step) {
      const res = await pool.request({
        method: 'GET',
        path: `${KEYS_PATH}?limit=${step}${cursor ? `&next=${cursor}` : ''}`,
        headers: { 'x-api-key': API_KEY },
      });
      const page = await res.body.json();
      if (res.statusCode !== 200) throw new Error(`list: ${res.statusCode}`);
      total = page.total;
      cursor = page.nextCursor;
      if (!cursor) break;
      if (seen + step >= total / 2) cursors.push(cursor);
    }
  } finally {
    await pool.close();
  }
  return cursors;
}

/** Cycles through the cursors: each request reads a different deep page (no single hot spot). */
function listRequests(cursors) {
  let i = 0;
  return {
    method: 'GET',
    headers: { 'x-api-key': API_KEY },
    requests: [
      {
        setupRequest: (req) => {
          i = (i + 1) % cursors.length;
          return { ...req, path: `${KEYS_PATH}?limit=${PAGE_LIMIT}&next=${cursors[i]}` };
        },
      },
    ],
  };
}

/** Heap and RSS growth per key, after full GCs, between 1,000 keys and LARGE keys; then the deep-page ratio. */
async function listAndMemory() {
  const small = await startServer('reference');
  const large = await startServer('reference', ['--expose-gc']);
  try {
    await fill(small, SMALL);
    await fill(large, SMALL);
    const before = await large.ask('memory');
    await fill(large, LARGE - SMALL);
    const after = await large.ask('memory');
    const memory = {
      keys: LARGE,
      heapBytesPerKey: (after.heapUsed - before.heapUsed) / (LARGE - SMALL),
      rssBytesPerKey: (after.rss - before.rss) / (LARGE - SMALL),
      heapUsedMiB: after.heapUsed / 2 ** 20,
      rssMiB: after.rss / 2 ** 20,
      expect: 'heap at most 400 bytes per key (issue 11 item 4)',
    };
    const smallCursors = await deepCursors(small, 1);
    const largeCursors = await deepCursors(large, 100);
    const { a, b } = await alternate(small, listRequests(smallCursors), large, listRequests(largeCursors));
    const list = {
      name: `list page (limit ${PAGE_LIMIT}) deep into ${LARGE} keys vs deep into ${SMALL} keys (cost ratio)`,
      unit: 'requests/s',
      baseline: a,
      measured: b,
      ratio: a.medianRps / b.medianRps,
      cpuRatio: b.medianCpuUsPerRequest / a.medianCpuUsPerRequest,
      expect: 'at most 1.2: a page costs O(page size), not O(number of keys)',
    };
    return { list, memory };
  } finally {
    await Promise.all([small.stop(), large.stop()]);
  }
}

/** --profile: create load under --cpu-prof on the reference server and on the bare baseline, then each profile's top. */
async function profile(dir) {
  for (const [role, path] of [
    ['reference', KEYS_PATH],
    ['bare', '/'],
  ]) {
    const out = join(dir, role);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const server = await startServer(role, ['--cpu-prof', `--cpu-prof-dir=${out}`]);
    let requests;
    try {
      await round(server, { ...createRequest, path });
      requests = (await load(server.url, { ...createRequest, path, duration: quick ? 2 : 10 }))['2xx'];
    } finally {
      await server.stop();
    }
    console.log(`## ${role} server, ${requests} creates in the profiled round (after a warm-up round)`);
    console.log(summariseProfiles(out));
    console.log();
  }
}

function print(report) {
  const { results, memory } = report;
  const pct = (x) => `${Math.round(x * 100)}%`;
  console.log(
    `node ${report.node}, ${report.cpus} cores, load average ${report.loadAverage.join(' ')}; ` +
      `${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s after a warm-up round, medians\n`,
  );
  for (const r of results) {
    console.log(r.name);
    for (const [label, m] of [
      ['baseline', r.baseline],
      ['measured', r.measured],
    ]) {
      console.log(
        `  ${label} ${Math.round(m.medianRps)} req/s (rounds ${m.rounds.join(', ')}); server process: ` +
          `${pct(m.medianServerCpu)} of a core, ${m.medianCpuUsPerRequest.toFixed(1)} µs CPU per request`,
      );
    }
    console.log(`  ratio ${r.ratio.toFixed(2)} (${r.expect}); by server CPU per request ${r.cpuRatio.toFixed(2)}\n`);
  }
  console.log(`memory of ${memory.keys} stored keys, after full GCs (node --expose-gc)`);
  console.log(
    `  ${Math.round(memory.heapBytesPerKey)} B heap and ${Math.round(memory.rssBytesPerKey)} B RSS per key ` +
      `(heap ${memory.heapUsedMiB.toFixed(1)} MiB, RSS ${memory.rssMiB.toFixed(1)} MiB; ${memory.expect})`,
  );
}

if (profileDir) {
  await profile(profileDir);
} else {
  const loadBefore = loadavg().map((x) => x.toFixed(2));
  const create = await createThroughput();
  const { list, memory } = await listAndMemory();
  const report = {
    node: process.version,
    cpus: cpus().length,
    loadAverage: loadBefore,
    connections: CONNECTIONS,
    rounds: ROUNDS,
    roundSeconds: ROUND_SECONDS,
    results: [create, list],
    memory,
  };
  if (json) console.log(JSON.stringify(report, null, 2));
  else print(report);
}
