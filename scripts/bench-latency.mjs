#!/usr/bin/env node
// The conformance kit against a distant target: the whole suite (full profile) through a proxy that delays every
// request by DELAY_MS before forwarding it to the reference server, at the default concurrency and at
// --concurrency 1, same seed. The result is the ratio of the two times (measured in the same run, so it means the
// same on any machine); nothing here is asserted by a test.
//   npm run bench:latency                        --runs 100, 20 ms per request (a few minutes: --concurrency 1 is slow)
//   node scripts/bench-latency.mjs --quick       --runs 2, 5 ms per request (used by the smoke test)
//   add --json for a JSON result on stdout, --verbose for each check's time and requests in both runs
// Traffic goes to 127.0.0.1 only; each kit run is a child process killed after RUN_LIMIT_MS.
import { spawn } from 'node:child_process';
import { createServer as createHttpServer, request as httpRequest, Agent } from 'node:http';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createServer } from '../dist/reference-server/src/index.js';

const quick = process.argv.includes('--quick');
const json = process.argv.includes('--json');
// Each check's time and requests in both runs (where the time goes).
const verbose = process.argv.includes('--verbose');
const DELAY_MS = quick ? 5 : 20;
const RUNS = quick ? 2 : 100;
const SEED = 1;
const RUN_LIMIT_MS = 15 * 60_000;
const ENDPOINTS = ['64f1c2a9b8e7d6c5b4a39281', '650a8d2c6f1e4b0012ab34ce'];
const MAIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/**
 * A forward proxy on 127.0.0.1 (port 0): reads each request, waits `delayMs`, forwards it to `target` and streams the
 * answer back. Counts the requests it forwarded.
 */
async function delayingProxy(target, delayMs) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const stats = { requests: 0 };
  const server = createHttpServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        stats.requests++;
        const up = httpRequest(
          { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
            answer.pipe(res);
          },
        );
        up.on('error', () => res.destroy());
        up.end(Buffer.concat(chunks));
      }, delayMs);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    stats,
    close: () => {
      agent.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** One kit run (a child process) through the proxy, at `concurrency` (undefined: the default); its timing and verdicts. */
function kitRun(proxyUrl, apiKey, concurrency) {
  const args = [
    MAIN,
    'conformance',
    '--target',
    proxyUrl,
    '--endpoint-id',
    ENDPOINTS[0],
    '--endpoint-id',
    ENDPOINTS[1],
  ];
  args.push('--runs', String(RUNS), '--seed', String(SEED), '--reporter', 'json');
  // malformed-requests writes broken HTTP/1.1 messages on its own sockets: the delaying proxy (node:http defaults)
  // would answer them itself, so the check would judge the proxy, not the server behind it.
  args.push('--skip', 'malformed-requests');
  if (concurrency !== undefined) args.push('--concurrency', String(concurrency));
  // The key goes through the environment, never on a command line or in the output.
  const env = { ...process.env, APIKEYS_KIT_API_KEY: apiKey };
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      const wallMs = performance.now() - t0;
      if (code !== 0 && code !== 1)
        return reject(new Error(`kit run at --concurrency ${concurrency ?? 'default'} exited ${code}`));
      const report = JSON.parse(out);
      resolve({
        concurrency: concurrency ?? 'default',
        kitMs: report.durationMs,
        wallMs: Math.round(wallMs),
        requests: report.summary.requests,
        passed: report.summary.passed,
        failed: report.summary.failed,
        verdicts: report.checks.map((c) => `${c.id}:${c.status}`),
        checks: Object.fromEntries(report.checks.map((c) => [c.id, { ms: c.durationMs, requests: c.requests }])),
      });
    });
  });
}

const server = await createServer({ log: () => {}, endpointIds: ENDPOINTS });
const proxy = await delayingProxy(new URL(server.url), DELAY_MS);
let results;
try {
  const parallel = await kitRun(proxy.url, server.apiKey, undefined);
  const sequential = await kitRun(proxy.url, server.apiKey, 1);
  results = { parallel, sequential };
} finally {
  await proxy.close();
  await server.close();
}
const { parallel, sequential } = results;
const sameVerdicts = parallel.verdicts.join() === sequential.verdicts.join();
const out = {
  node: process.version,
  delayMs: DELAY_MS,
  runs: RUNS,
  seed: SEED,
  proxiedRequests: proxy.stats.requests,
  sequential: { ...sequential, verdicts: undefined, checks: verbose ? sequential.checks : undefined },
  parallel: { ...parallel, verdicts: undefined, checks: verbose ? parallel.checks : undefined },
  ratio: sequential.kitMs / parallel.kitMs,
  sameVerdicts,
};
if (json) console.log(JSON.stringify(out, null, 2));
else {
  console.log(`node ${process.version}, full profile, --runs ${RUNS} --seed ${SEED}, ${DELAY_MS} ms added per request`);
  for (const r of [sequential, parallel])
    console.log(
      `  --concurrency ${r.concurrency}: ${(r.kitMs / 1000).toFixed(1)} s kit time (${(r.wallMs / 1000).toFixed(1)} s wall), ${r.requests} requests, ${r.passed} passed, ${r.failed} failed`,
    );
  console.log(`  ratio ${out.ratio.toFixed(1)}x faster at the default concurrency; same verdicts: ${sameVerdicts}`);
  if (verbose) {
    console.log(`\n  ${'check'.padEnd(22)} ${'--concurrency 1'.padStart(22)} ${'default'.padStart(22)}`);
    for (const [id, one] of Object.entries(sequential.checks)) {
      const par = parallel.checks[id];
      const cell = (c) => `${c.ms} ms, ${c.requests} req`.padStart(22);
      console.log(`  ${id.padEnd(22)} ${cell(one)} ${cell(par)}`);
    }
  }
}
