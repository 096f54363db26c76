#!/usr/bin/env node
// Benchmarks of the reference server. Every ratio compares two measurements of the same run, taken in alternating
// rounds (A B A B …), so load from other processes on the machine hits both sides alike; nothing here is asserted
// by a test (cli/test/bench.test.ts only checks that the script runs and reports).
//   npm run bench                      full run (about two minutes)
//   node scripts/bench.mjs --quick     short rounds, 20,000 keys instead of 200,000 (the smoke test)
//   node scripts/bench.mjs --json      the results as JSON
//   node scripts/bench.mjs --compare DIR   adds the reference server of another build of this repository (DIR holds
//                                      its built dist/, e.g. an older commit) to the create rounds
//   node scripts/bench.mjs --ceiling   only create load, on the bare baseline, the reference server and the steps
//                                      between them (scripts/bench-server.mjs: plumbing, skeleton, body), each as a
//                                      ratio to the baseline: what each part of the server costs on the way; and the
//                                      floor: the create's required work alone (floor, floor-unkept)
//   node scripts/bench.mjs --profile DIR   only create load, under `node --cpu-prof`, on the reference server and on
//                                      the bare baseline; prints each one's top self-time functions
//                                      (scripts/cpu-profile-summary.mjs; profiles in DIR/reference, DIR/bare)
// Method: each server runs in its own child process (scripts/bench-server.mjs) and the load generator (autocannon,
// 32 connections, no pipelining) in this one, so the generator never takes the server's event loop. Traffic goes
// to 127.0.0.1 only; every round is bounded in time or count; the children exit with this process.
import { fork, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Pool, request } from 'undici';
import { toolPath } from '../dist/cli/commands/run-tool.js';
import { packageRoot, sourceSpecPath } from '../dist/contract/src/index.js';
import { API_KEY, ENDPOINT } from './bench-server.mjs';
import { summariseProfiles } from './cpu-profile-summary.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const json = args.includes('--json');
const profileAt = args.indexOf('--profile');
const profileDir = profileAt >= 0 ? resolve(args[profileAt + 1] ?? 'bench-profile') : undefined;
const compareAt = args.indexOf('--compare');
const compareRoot = compareAt >= 0 ? resolve(args[compareAt + 1] ?? '.') : undefined;
const ceiling = args.includes('--ceiling');

const CONNECTIONS = 32;
const ROUNDS = quick ? 2 : 5;
const ROUND_SECONDS = quick ? 1 : 3;
const SMALL = 1_000;
const LARGE = quick ? 20_000 : 200_000;
const PAGE_LIMIT = 25;
const KEYS_PATH = `/v2.0/endpoints/${ENDPOINT}/apikeys`;
const CREATE_BODY = '{"name":"My CRM webhook"}';

/** Starts a server child; resolves with its URL, a request function over IPC and a stop function. */
function startServer(role, execArgv = [], root = undefined) {
  const child = fork(join(here, 'bench-server.mjs'), root ? [role, root] : [role], {
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

/** Rounds of every side in turn (the first side rotating) after one warm-up round each; per side its medians. */
async function alternate(sides) {
  for (const { server, options } of sides) await round(server, options);
  const rounds = sides.map(() => []);
  for (let i = 0; i < ROUNDS; i++) {
    // Rotate which goes first too, so a trend in the machine's load does not favour one side.
    for (let j = 0; j < sides.length; j++) {
      const k = (i + j) % sides.length;
      rounds[k].push(await round(sides[k].server, sides[k].options));
    }
  }
  return rounds.map((rs) => ({
    medianRps: median(rs.map((r) => r.rps)),
    rounds: rs.map((r) => Math.round(r.rps)),
    medianServerCpu: median(rs.map((r) => r.serverCpu)),
    medianCpuUsPerRequest: median(rs.map((r) => r.cpuUsPerRequest)),
  }));
}

/** A free port on 127.0.0.1 (Prism takes a port number, not 0). */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

/** CPU time of a child process from /proc (Linux; utime and stime in clock ticks of 10 ms), in µs. */
function cpuOfPid(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return { user: Number(fields[11]) * 10_000, system: Number(fields[12]) * 10_000 };
  } catch {
    return { user: NaN, system: NaN };
  }
}

/** The Prism mock as `apikeys-kit mock` runs it, as a child process; ready once it answers a create (at most 60 s). */
async function startPrism() {
  const port = await freePort();
  const args = ['mock', '--host', '127.0.0.1', '--port', String(port), sourceSpecPath()];
  const child = spawn(process.execPath, [toolPath('prism'), ...args], { cwd: packageRoot(), stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await request(new URL(KEYS_PATH, url), createRequest);
      await res.body.dump();
      if (res.statusCode === 201) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill();
      throw new Error('the Prism mock did not answer a create within 60 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    ask: () => Promise.resolve(cpuOfPid(child.pid)),
    stop: () => {
      child.kill();
      return exited;
    },
  };
}

async function createThroughput() {
  const bare = await startServer('bare');
  const reference = await startServer('reference');
  const prism = await startPrism();
  const other = compareRoot ? await startServer('reference', [], compareRoot) : undefined;
  try {
    const keys = { ...createRequest, path: KEYS_PATH };
    const [a, b, c, d] = await alternate([
      { server: bare, options: createRequest },
      { server: reference, options: keys },
      { server: prism, options: keys },
      ...(other ? [{ server: other, options: keys }] : []),
    ]);
    const compared = d
      ? [
          {
            name: `create throughput: reference server built in ${compareRoot} vs bare node:http`,
            unit: 'requests/s',
            baseline: a,
            measured: d,
            ratio: d.medianRps / a.medianRps,
            cpuRatio: a.medianCpuUsPerRequest / d.medianCpuUsPerRequest,
            expect: 'the same measurement for another build (--compare), in the same rounds',
          },
        ]
      : [];
    return [
      {
        name: 'create throughput: reference server vs bare node:http (parse JSON body, fixed 201)',
        unit: 'requests/s',
        baseline: a,
        measured: b,
        ratio: b.medianRps / a.medianRps,
        // Less sensitive to other load on the machine than requests/s: what one request costs the server's process.
        cpuRatio: a.medianCpuUsPerRequest / b.medianCpuUsPerRequest,
        expect: 'at least 0.8 (issue 11 item 4)',
      },
      {
        name: 'create throughput: reference server vs the Prism mock (apikeys-kit mock)',
        unit: 'requests/s',
        baseline: c,
        measured: b,
        ratio: b.medianRps / c.medianRps,
        cpuRatio: c.medianCpuUsPerRequest / b.medianCpuUsPerRequest,
        expect: 'the stateful fake against the static mock',
      },
      ...compared,
    ];
  } finally {
    await Promise.all([bare.stop(), reference.stop(), prism.stop(), other?.stop()]);
  }
}

/** The steps between the bare handler and the reference server, each one part of the server more than the one before. */
const STEPS = [
  ['plumbing', "the bare handler inside the reference server's node:http set-up (timeouts, tracking, listeners)"],
  ['skeleton', '+ the request frame: trace id, target split, promise chain, reply writer, the 201 headers'],
  ['body', '+ the body reader: Content-Type, size limit, UTF-8, JSON, the schema (readJsonBody)'],
  ['reference', '+ the rest of the create: route, Host, API key, parameters, Endpoint, negotiation, key, store, log'],
];

/**
 * Beside the steps: the least a create can do on node:http and keep the contract's promises, built from the server's
 * own parts (scripts/bench-server.mjs), so the ratio any conforming server could reach here is bounded by these.
 */
const FLOORS = [
  ['floor', 'bare + API key check, key material, id, time, record kept in a Map, the 201 headers: nothing else'],
  [
    'floor-unkept',
    'the floor without keeping the record (not conforming: a bound even for a store that costs nothing)',
  ],
];

/** --ceiling: create throughput of each step as a ratio to the bare handler, in the same alternating rounds. */
async function createCeiling() {
  const bare = await startServer('bare');
  const steps = [];
  try {
    for (const [role] of [...STEPS, ...FLOORS]) steps.push(await startServer(role));
    const keys = { ...createRequest, path: KEYS_PATH };
    const [base, ...measured] = await alternate([
      { server: bare, options: createRequest },
      ...steps.map((server) => ({ server, options: keys })),
    ]);
    return [...STEPS, ...FLOORS].map(([role, what], i) => ({
      name: `create throughput: ${role} (${what}) vs bare node:http`,
      unit: 'requests/s',
      baseline: base,
      measured: measured[i],
      ratio: measured[i].medianRps / base.medianRps,
      cpuRatio: base.medianCpuUsPerRequest / measured[i].medianCpuUsPerRequest,
      expect:
        role === 'reference'
          ? 'at least 0.8 (issue 11 item 4)'
          : role.startsWith('floor')
            ? 'the most any conforming create on node:http could reach'
            : 'what the server costs up to this step',
    }));
  } finally {
    await Promise.all([bare.stop(), ...steps.map((s) => s.stop())]);
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
    const [a, b] = await alternate([
      { server: small, options: listRequests(smallCursors) },
      { server: large, options: listRequests(largeCursors) },
    ]);
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
  if (!memory) return;
  console.log(`memory of ${memory.keys} stored keys, after full GCs (node --expose-gc)`);
  console.log(
    `  ${Math.round(memory.heapBytesPerKey)} B heap and ${Math.round(memory.rssBytesPerKey)} B RSS per key ` +
      `(heap ${memory.heapUsedMiB.toFixed(1)} MiB, RSS ${memory.rssMiB.toFixed(1)} MiB; ${memory.expect})`,
  );
}

/** Runs `measure` and prints (or, with --json, writes as JSON) its results with the conditions of the run. */
async function report(measure) {
  const loadBefore = loadavg().map((x) => x.toFixed(2));
  const measured = await measure();
  const out = {
    node: process.version,
    cpus: cpus().length,
    loadAverage: loadBefore,
    connections: CONNECTIONS,
    rounds: ROUNDS,
    roundSeconds: ROUND_SECONDS,
    ...measured,
  };
  if (json) console.log(JSON.stringify(out, null, 2));
  else print(out);
}

if (profileDir) await profile(profileDir);
else if (ceiling) await report(async () => ({ results: await createCeiling() }));
else {
  await report(async () => {
    const create = await createThroughput();
    const { list, memory } = await listAndMemory();
    return { results: [...create, list], memory };
  });
}
