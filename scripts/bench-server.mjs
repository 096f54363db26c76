#!/usr/bin/env node
// One server of the benchmark, in its own process so the load generator (scripts/bench.mjs) does not share its event
// loop. Started by bench.mjs with `fork`; talks over the IPC channel:
//   child → parent  { ready: true, url }                      once listening on 127.0.0.1 (a free port)
//   parent → child  { id, cmd: 'memory' }                      → { id, heapUsed, rss } after full GCs (--expose-gc)
//   parent → child  { id, cmd: 'cpu' }                         → { id, user, system } (process.cpuUsage, µs)
//   parent → child  { id, cmd: 'exit' }                        closes the server and exits 0 (writes a --cpu-prof)
// argv[2]: `reference` (the reference server, empty store) or `bare` (parses the JSON body, answers a fixed 201), or
// one of the steps between them (`node scripts/bench.mjs --ceiling`), each the one before plus one part of the server:
//   `plumbing`  the bare handler inside the reference server's node:http set-up (timeouts, connection tracking,
//               CONNECT / Expect / client-error listeners), through createServer's wrapHandler
//   `skeleton`  plus the request's frame: trace id, request-target split, a promise chain, the reply writer
//               (sendReply), the create's response headers
//   `body`      plus the server's body reader: Content-Type, size limit, UTF-8, JSON and the spec's schema (readJsonBody)
// and, beside the steps, the floor: the least a create that keeps the contract's promises can do on node:http
//   `floor`     the bare handler plus the create's required work, with the server's own parts: the API key check
//               (SHA-256 and a constant-time comparison), the key (random bytes, digest, preview), an id, the time,
//               the record kept in a Map, the five fields and the 201's required headers (Location, Cache-Control: no-store, Vary);
//               cli/test/extended/bench.test.ts checks its answer against the spec
//   `floor-unkept`  the same without keeping the record (not a conforming server: a bound even for a free store)
// argv[3], optional: the root of another build of this repository whose reference server to run (default this one).
import { createServer as createHttpServer } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ENDPOINT = '64f1c2a9b8e7d6c5b4a39281';
export const API_KEY = 'bench-api-key';

/** A 201 body of the create response's size and shape (fixed values). */
const FIXED_REPLY = JSON.stringify({
  key: 'a'.repeat(64),
  _id: 'b'.repeat(24),
  name: 'My CRM webhook',
  keyPreview: 'aaaa••••••••aaaa',
  createdAt: 1694518620,
});

/** The baseline's handler: node:http reading the body, JSON.parse, a fixed 201. Nothing else a real server would need. */
function bareHandler(req, res) {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    JSON.parse(body);
    res.writeHead(201, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(FIXED_REPLY),
    });
    res.end(FIXED_REPLY);
  });
}

/** The baseline: a node:http server with default options and the bare handler. */
async function startBare() {
  const server = createHttpServer(bareHandler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** The bare handler's work: the body read and parsed with node:http's stream API, nothing else. */
function readPlainBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => resolve(JSON.parse(body)));
    req.on('error', reject);
  });
}

/** A wrapHandler for the steps between bare and reference (see the roles above); undefined for `reference`. */
async function stepHandler(role, root) {
  const module = (name) => import(pathToFileURL(join(root, 'dist', 'reference-server', 'src', `${name}.js`)).href);
  if (role === 'plumbing') return () => bareHandler;
  if (role !== 'skeleton' && role !== 'body') return undefined;
  const [{ traceIdFor }, { splitTarget }, { sendReply }, { readJsonBody }] = await Promise.all(
    ['trace-id', 'request-target', 'send-reply', 'read-json-body'].map(module),
  );
  return (_handler, contract) => {
    const { requestBody } = contract.operationByRole('create');
    const read = role === 'body' ? (req, res) => readJsonBody(req, res, requestBody) : readPlainBody;
    return (req, res) => {
      traceIdFor(req.headers.traceparent);
      const target = splitTarget(req.url ?? '/');
      const location = `${target.path}/${'b'.repeat(24)}`;
      read(req, res)
        .then(() => ({
          status: 201,
          headers: {
            'cache-control': 'no-store',
            location,
            vary: 'Accept',
            'content-type': 'application/json; charset=utf-8',
          },
          body: FIXED_REPLY,
        }))
        .then((reply) => sendReply(res, reply))
        .catch(() => res.destroy());
    };
  };
}

/** The floor roles (see above): node:http with default options, like the baseline, and only the create's required work. */
async function startFloor(root, keep) {
  const module = (path) => import(pathToFileURL(join(root, 'dist', ...path.split('/'))).href);
  const [{ loadContract }, { createAuthenticator }, { createKeyMaterial }, { createObjectIdGenerator }] =
    await Promise.all(
      [
        'contract/src/index.js',
        'reference-server/src/authenticate.js',
        'reference-server/src/key-material.js',
        'reference-server/src/object-id.js',
      ].map(module),
    );
  const contract = loadContract();
  const created = contract
    .operationByRole('create')
    .responses.find((r) => r.status === '201')
    .content.find((c) => c.mediaType === 'application/json').resolvedSchema;
  const authenticate = createAuthenticator(contract, API_KEY);
  const keys = createKeyMaterial(contract, created);
  const newId = createObjectIdGenerator();
  const kept = new Map();
  const server = createHttpServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        authenticate(req);
      } catch {
        res.writeHead(401).end();
        return;
      }
      const { name } = JSON.parse(body);
      if (typeof name !== 'string') {
        res.writeHead(400).end();
        return;
      }
      const key = keys.generate();
      const record = { _id: newId(), name, keyPreview: key.preview, createdAt: Math.floor(Date.now() / 1000) };
      if (keep) kept.set(record._id, { ...record, keyDigest: key.digest });
      const reply = JSON.stringify({ [keys.secretField]: key.plaintext, ...record });
      res.writeHead(201, {
        'cache-control': 'no-store',
        location: `${req.url}/${record._id}`,
        vary: 'Accept',
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(reply),
      });
      res.end(reply);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

async function startReference(root, role) {
  const entry = pathToFileURL(join(root, 'dist', 'reference-server', 'src', 'index.js')).href;
  const { createServer } = await import(entry);
  const wrapHandler = await stepHandler(role, root);
  const server = await createServer({ apiKey: API_KEY, endpointIds: [ENDPOINT], log: () => {}, wrapHandler });
  return { url: server.url, close: () => server.close() };
}

function memory() {
  if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
  // Several full collections: weak references and finalizers settle over more than one.
  for (let i = 0; i < 4; i++) globalThis.gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss };
}

if (process.send) {
  const role = process.argv[2];
  const root = resolve(process.argv[3] ?? join(fileURLToPath(import.meta.url), '..', '..'));
  const server =
    role === 'bare'
      ? await startBare()
      : role === 'floor' || role === 'floor-unkept'
        ? await startFloor(root, role === 'floor')
        : await startReference(root, role);
  process.on('message', async (msg) => {
    if (msg.cmd === 'memory') process.send({ id: msg.id, ...memory() });
    else if (msg.cmd === 'cpu') process.send({ id: msg.id, ...process.cpuUsage() });
    else if (msg.cmd === 'exit') {
      server.close().catch(() => {});
      // Connections of the load generator may linger; the profile is written on exit either way.
      setTimeout(() => process.exit(0), 200);
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true, url: server.url });
}
