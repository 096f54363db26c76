// npm run test:package: the package as its users get it. Builds, packs the tarball, installs it into an empty temporary
// project (npm install from the local cache where it can), and there runs every command through npx (lint, mock,
// serve, conformance against that serve, proxy in front of a serve), imports the API from an ES module and
// type-checks a TypeScript file that uses it (NodeNext, this repository's TypeScript). Not part of npm test; .ci/run calls it after npm test.
// Every step is bounded by a timeout; temporary folders and child processes are removed at the end, pass or fail.
// Options: --skip-build packs the existing dist/ as it is (after `npm run build`).
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recipesIn, runRecipe } from './ci-recipes.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENDPOINT_IDS = ['64f1c2a9b8e7d6c5b4a39281', '64f1c2a9b8e7d6c5b4a39282'];
const API_KEY = 'test-package-key-0123456789abcdef';
const TYPESCRIPT = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const TYPES_NODE_VERSION = JSON.parse(
  readFileSync(join(ROOT, 'node_modules/@types/node/package.json'), 'utf8'),
).version;

const work = mkdtempSync(join(tmpdir(), 'apikeys-kit-package-'));
const packDir = join(work, 'pack');
const project = join(work, 'project');
/** Long-running children (mock, serve): stopped in `finally` whatever happened. */
const children = new Set();
const started = Date.now();

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const log = (line) => process.stdout.write(`${line}\n`);

/**
 * Runs a command to its end (stdout and stderr captured), killing its process group after `timeoutMs`. Resolves to
 * { code, out }; never rejects.
 */
function run(command, args, { cwd = project, timeoutMs, env = process.env }) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      out += `\n[killed after ${seconds(timeoutMs)}]\n`;
      killGroup(child, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      done({ code: -1, out: `${out}${e.message}\n` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code: code ?? `signal ${signal}`, out });
    });
  });
}

/** Starts a long-running command in its own process group; `output()` is what it has printed so far. */
function start(command, args, { env = process.env } = {}) {
  const child = spawn(command, args, { cwd: project, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  child.on('error', (e) => (out += `${e.message}\n`));
  const exited = new Promise((done) => child.on('close', (code, signal) => done(code ?? `signal ${signal}`)));
  const handle = { child, exited, output: () => out };
  children.add(handle);
  return handle;
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal); // the group npx, the CLI and the tool it runs (Prism) belong to
  } catch {
    // already gone
  }
}

function groupAlive(child) {
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a started command as Ctrl-C in a terminal would: SIGTERM to its whole process group (npx, the CLI, the tool
 * it runs), then waits up to 10 s for every process of the group to end before SIGKILL. Resolves to "stopped" or
 * "killed".
 */
async function stop(handle) {
  children.delete(handle);
  killGroup(handle.child, 'SIGTERM');
  await handle.exited;
  const deadline = Date.now() + 10_000;
  while (groupAlive(handle.child) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (!groupAlive(handle.child)) return 'stopped';
  killGroup(handle.child, 'SIGKILL');
  return 'killed';
}

/** Polls `probe` every 250 ms until it returns a value other than undefined, or fails after `timeoutMs`. */
async function waitFor(what, timeoutMs, probe, handle) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    if (handle && handle.child.exitCode !== null) throw new Error(`${what}: the process exited\n${handle.output()}`);
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${seconds(timeoutMs)} (${last})\n${handle?.output() ?? ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

let stepNumber = 0;
/** One step: prints its name, runs it, prints ok with its time or FAIL with what it printed, and stops on failure. */
async function step(name, body) {
  stepNumber += 1;
  const t = Date.now();
  process.stdout.write(`${String(stepNumber).padStart(2)}. ${name} … `);
  try {
    const note = await body();
    log(`ok (${seconds(Date.now() - t)})${note ? `: ${note}` : ''}`);
  } catch (e) {
    log(`FAIL (${seconds(Date.now() - t)})`);
    throw e;
  }
}

/** Runs a command that must exit 0; throws with its output otherwise. */
async function mustPass(command, args, options) {
  const r = await run(command, args, options);
  if (r.code !== 0) throw new Error(`${[command, ...args].join(' ')} exited ${r.code}\n${r.out}`);
  return r.out;
}

const npx = (args, timeoutMs) => mustPass('npx', ['--no', 'apikeys-kit', ...args], { timeoutMs });

const TYPECHECKED = `import {
  catalogue,
  createServer,
  loadContract,
  referenceServerTarget,
  renderJunit,
  runConformance,
  type CheckResult,
  type ConformanceOptions,
  type Report,
  type RunningServer,
} from 'apikeys-kit';
import type { Contract } from 'apikeys-kit/contract';
import { renderJson } from 'apikeys-kit/conformance';
import { MemoryStore } from 'apikeys-kit/reference-server';

const contract: Contract = loadContract();
const operations: number = contract.operations.length;
const ids: string[] = catalogue.map((c) => c.id);
const server: RunningServer = await createServer({ port: 0, log: () => undefined, store: new MemoryStore() });
const options: ConformanceOptions = {
  target: server.url,
  apiKey: server.apiKey,
  endpointId: server.endpointIds[0] ?? '',
  runs: 5,
};
const report: Report = await runConformance(options);
const failed: CheckResult[] = report.checks.filter((c) => c.status === 'failed');
const inProcess: Report = await runConformance({ ...referenceServerTarget, runs: 5, only: ['auth-required'] });
const xml: string = renderJunit(report) + renderJson(inProcess);
await server.close();
console.log(operations, ids.length, failed.length, xml.length);

// The types are real, not any: each wrong use below must be an error.
// @ts-expect-error runs is a number
await runConformance({ ...referenceServerTarget, runs: 'many' });
// @ts-expect-error a Report has no such field
console.log(report.passed);
`;

const IMPORTED = `import assert from 'node:assert/strict';
import { runConformance, catalogue, createServer, loadContract, referenceServerTarget, renderJunit } from 'apikeys-kit';
import * as contract from 'apikeys-kit/contract';
import * as conformance from 'apikeys-kit/conformance';
import * as referenceServer from 'apikeys-kit/reference-server';
import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('apikeys-kit/package.json');

assert.equal(typeof runConformance, 'function');
assert.equal(conformance.runConformance, runConformance);
assert.equal(referenceServer.createServer, createServer);
assert.equal(contract.loadContract, loadContract);
assert.ok(catalogue.length > 10);
assert.ok(loadContract().operations.length > 0);
const report = await runConformance({ ...referenceServerTarget, runs: 5 });
assert.equal(report.summary.failed, 0, renderJunit(report));
console.log(pkg.name + '@' + pkg.version, report.summary.passed + ' checks passed in process, ' + report.summary.skipped + ' skipped');
`;

async function main() {
  log(`apikeys-kit package test (work folder ${work})`);
  if (!process.argv.includes('--skip-build'))
    await step('npm run build', () => mustPass('npm', ['run', '--silent', 'build'], { cwd: ROOT, timeoutMs: 180_000 }));

  let tarball;
  await step('npm pack', async () => {
    mkdirSync(packDir);
    const out = await mustPass('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], {
      cwd: ROOT,
      timeoutMs: 60_000,
    });
    const [info] = JSON.parse(out.slice(out.indexOf('[')));
    tarball = join(packDir, info.filename);
    const paths = info.files.map((f) => f.path);
    const required = [
      'package.json',
      'dist/cli/main.js',
      'dist/cli/index.js',
      'dist/cli/index.d.ts',
      'spec/openapi.yaml',
      'spec/dist/openapi.json',
      'redocly.yaml',
      '.redocly.lint-ignore.yaml',
      'spectral-exceptions.yaml',
      'scripts/redocly-plugin.mjs',
    ];
    const missing = required.filter((p) => !paths.includes(p));
    const unwanted = paths.filter((p) =>
      /(^|\/)test\/|\.test\.|\.map$|\.ts$(?<!\.d\.ts)|^spec\/(?!openapi\.yaml$|dist\/)/.test(p),
    );
    if (missing.length > 0 || unwanted.length > 0)
      throw new Error(`tarball: missing ${JSON.stringify(missing)}, unwanted ${JSON.stringify(unwanted)}`);
    return `${info.filename}, ${paths.length} files, ${(info.size / 1024).toFixed(0)} KiB`;
  });

  await step('npm install the tarball into an empty project', async () => {
    mkdirSync(project);
    const manifest = { name: 'apikeys-kit-consumer', version: '1.0.0', private: true, type: 'module' };
    writeFileSync(join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    // @types/node at this repository's version (in the cache): a TypeScript project on Node has it.
    const args = [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      tarball,
      `@types/node@${TYPES_NODE_VERSION}`,
    ];
    await mustPass('npm', args, { timeoutMs: 300_000 });
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/apikeys-kit/package.json'), 'utf8'));
    return `apikeys-kit@${installed.version}`;
  });

  await step('npx apikeys-kit lint', async () => {
    const out = await npx(['lint'], 120_000);
    if (!out.includes('lint: Redocly passed, Spectral passed')) throw new Error(`lint exited 0 but says\n${out}`);
    return /^Spectral: .*$/m.exec(out)?.[0] ?? 'Redocly and Spectral passed';
  });

  await step('npx apikeys-kit mock (a create request answers 201)', async () => {
    const port = await freePort();
    const mock = start('npx', ['--no', 'apikeys-kit', 'mock', '--port', String(port)]);
    try {
      const url = `http://127.0.0.1:${port}/v2.0/endpoints/${ENDPOINT_IDS[0]}/apikeys`;
      const status = await waitFor(
        'mock answers',
        90_000,
        async () => {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-API-Key': API_KEY },
            body: JSON.stringify({ name: 'My CRM webhook' }),
            signal: AbortSignal.timeout(5_000),
          });
          await res.arrayBuffer();
          return res.status;
        },
        mock,
      );
      if (status !== 201) throw new Error(`create answered ${status}, expected 201\n${mock.output()}`);
      const stopped = await stop(mock);
      if (stopped !== 'stopped') throw new Error(`mock did not stop within 10 s of SIGTERM\n${mock.output()}`);
      return `port ${port}, create 201, stopped on SIGTERM`;
    } finally {
      if (children.has(mock)) await stop(mock);
    }
  });

  await step('npx apikeys-kit serve --port 0, then conformance --target against it', async () => {
    const serve = start('npx', [
      '--no',
      'apikeys-kit',
      'serve',
      '--port',
      '0',
      '--api-key',
      API_KEY,
      ...ENDPOINT_IDS.flatMap((id) => ['--endpoint-id', id]),
    ]);
    try {
      const url = await waitFor(
        'serve prints its base URL',
        60_000,
        () => /Base URL:\s+(\S+)/.exec(serve.output())?.[1],
        serve,
      );
      const target = [
        '--target',
        url,
        '--api-key',
        API_KEY,
        '--endpoint-id',
        ENDPOINT_IDS[0],
        '--endpoint-id',
        ENDPOINT_IDS[1],
      ];
      const json = join(work, 'report.json');
      const out = await npx(
        ['conformance', ...target, '--runs', '20', '--reporter', 'json', '--output', json],
        300_000,
      );
      const report = JSON.parse(readFileSync(json, 'utf8'));
      if (report.summary.failed !== 0) throw new Error(`conformance: ${report.summary.failed} failed\n${out}`);
      const { passed, skipped, requests } = report.summary;
      const stopped = await stop(serve);
      if (stopped !== 'stopped') throw new Error(`serve did not stop within 10 s of SIGTERM\n${serve.output()}`);
      return `${url}: ${passed} passed, ${skipped} skipped, ${requests} requests; serve stopped on SIGTERM`;
    } finally {
      if (children.has(serve)) await stop(serve);
    }
  });

  const recipes = recipesIn(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  if (recipes.length < 3) throw new Error(`README: expected the three CI recipes, found ${recipes.length}`);
  // The project's own copy of the contract, which the lint recipe lints.
  mkdirSync(join(project, 'spec'));
  copyFileSync(join(project, 'node_modules/apikeys-kit/spec/openapi.yaml'), join(project, 'spec/openapi.yaml'));
  for (const recipe of recipes)
    await step(`README CI recipe: ${recipe.name}`, async () => {
      const lines = await runRecipe(recipe, { project, secrets: { APIKEYS_KIT_API_KEY: API_KEY }, run, start, stop });
      return lines.join('; ');
    });

  await step(
    'npx apikeys-kit proxy --upstream (serve): a create through it answers 201, a bad one is flagged',
    async () => {
      const serve = start('npx', [
        '--no',
        'apikeys-kit',
        'serve',
        '--port',
        '0',
        '--api-key',
        API_KEY,
        '--endpoint-id',
        ENDPOINT_IDS[0],
      ]);
      let proxy;
      try {
        const upstream = await waitFor(
          'serve prints its base URL',
          60_000,
          () => /Base URL:\s+(\S+)/.exec(serve.output())?.[1],
          serve,
        );
        const port = await freePort();
        proxy = start('npx', ['--no', 'apikeys-kit', 'proxy', '--upstream', upstream, '--port', String(port)]);
        const url = `http://127.0.0.1:${port}/v2.0/endpoints/${ENDPOINT_IDS[0]}/apikeys`;
        const send = async (body) => {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-API-Key': API_KEY },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(5_000),
          });
          await res.arrayBuffer();
          return res;
        };
        const created = await waitFor(
          'proxy answers',
          90_000,
          async () => (await send({ name: 'via proxy' })).status,
          proxy,
        );
        if (created !== 201) throw new Error(`create through the proxy answered ${created}\n${proxy.output()}`);
        const bad = await send({ name: 'x', extra: 1 });
        const violations = bad.headers.get('sl-violations') ?? '';
        if (bad.status !== 400 || !violations.includes('additionalProperties'))
          throw new Error(`bad create: ${bad.status}, sl-violations ${violations}\n${proxy.output()}`);
        if (proxy.output().includes(API_KEY)) throw new Error('the proxy printed the X-API-Key value');
        const stopped = await stop(proxy);
        if (stopped !== 'stopped') throw new Error(`proxy did not stop within 10 s of SIGTERM\n${proxy.output()}`);
        return `upstream ${upstream}, create 201, bad create 400 with sl-violations, stopped on SIGTERM`;
      } finally {
        if (proxy && children.has(proxy)) await stop(proxy);
        if (children.has(serve)) await stop(serve);
      }
    },
  );

  await step(
    'import the API from an ES module (node --input-type=module -e "import … from \'apikeys-kit\'")',
    async () => {
      const out = await mustPass(process.execPath, ['--input-type=module', '-e', IMPORTED], { timeoutMs: 180_000 });
      return out.trim().split('\n').at(-1);
    },
  );

  await step('type-check a TypeScript file that uses it (tsc --noEmit, NodeNext)', async () => {
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023'],
        types: ['node'],
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: false,
        noEmit: true,
      },
      files: ['check.ts'],
    };
    writeFileSync(join(project, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
    writeFileSync(join(project, 'check.ts'), TYPECHECKED);
    await mustPass(process.execPath, [TYPESCRIPT, '--noEmit', '-p', 'tsconfig.json'], { timeoutMs: 180_000 });
  });
}

let failed = false;
try {
  await main();
} catch (e) {
  failed = true;
  log(e instanceof Error ? e.message : String(e));
} finally {
  for (const handle of [...children]) await stop(handle);
  const t = Date.now();
  // rm -rf is several times faster than fs.rmSync on the ~15,000 files of node_modules; rmSync where there is no rm.
  const rm = await run('rm', ['-rf', work], { cwd: tmpdir(), timeoutMs: 120_000 });
  if (rm.code !== 0) rmSync(work, { recursive: true, force: true });
  log(`cleanup: removed ${work} (${seconds(Date.now() - t)})`);
}
log(`${failed ? 'FAIL' : 'ok'}: npm run test:package (${seconds(Date.now() - started)} wall)`);
process.exitCode = failed ? 1 : 0;
