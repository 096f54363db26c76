import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { conformanceCommand } from '../../../cli/commands/conformance.js';
import { catalogue, ConformanceError, runConformance, type Report } from '../../src/index.js';

/**
 * The kit against tiny hostile targets: every run ends within its time limit, memory stays bounded, the failure names
 * what happened, and the rest of the report is intact (every check has a status).
 */

const ENDPOINT_ID = '64f1c2a9b8e7d6c5b4a39281';
const API_KEY = 'hostile-targets-test-key-0123456789';
const TIMEOUT_MS = 1500;

const servers: (HttpServer | NetServer)[] = [];
const sockets = new Set<Socket>();

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** Starts a server on 127.0.0.1, port 0; resolves to its base URL. Every socket is destroyed after the tests. */
async function listen(server: HttpServer | NetServer): Promise<string> {
  servers.push(server);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

/** An HTTP server whose every response is `respond`'s; counts the requests it got. */
async function httpTarget(
  respond: Parameters<typeof createHttpServer>[1],
): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = createHttpServer((req, res) => {
    hits++;
    res.on('error', () => undefined);
    req.resume();
    respond!(req, res);
  });
  return { url: await listen(server), hits: () => hits };
}

/** A raw TCP server: `onRequest` gets the socket on the first bytes of each connection's request. */
async function rawTarget(onRequest: (socket: Socket) => void): Promise<string> {
  const server = createNetServer((socket) => {
    socket.once('data', () => onRequest(socket));
  });
  return listen(server);
}

interface Measured<T> {
  value: T;
  ms: number;
  rssGrowthMb: number;
}

async function measured<T>(run: () => Promise<T>): Promise<Measured<T>> {
  const rss0 = process.memoryUsage().rss;
  const t0 = Date.now();
  const value = await run();
  return { value, ms: Date.now() - t0, rssGrowthMb: (process.memoryUsage().rss - rss0) / 2 ** 20 };
}

function runAgainst(
  target: string,
  extra: { only?: string[]; skip?: string[]; maxResponseBytes?: number } = {},
): Promise<Report> {
  return runConformance({
    target,
    apiKey: API_KEY,
    endpointId: ENDPOINT_ID,
    runs: 2,
    seed: 1,
    timeoutMs: TIMEOUT_MS,
    ...extra,
  });
}

/** The report is whole: every check of the catalogue has a status, and the run failed. */
function expectFailedButIntact(report: Report): void {
  expect(report.checks.map((c) => c.id)).toEqual(catalogue.map((c) => c.id));
  for (const c of report.checks) expect(['passed', 'failed', 'skipped']).toContain(c.status);
  expect(report.summary.failed).toBeGreaterThan(0);
  expect(report.summary.requests).toBeGreaterThan(0);
}

/** The preflight got no answer: every check that would run failed with `why`, none ran, and one request was sent. */
function expectNotRun(report: Report, why: string): void {
  expect(report.checks.map((c) => c.id)).toEqual(catalogue.map((c) => c.id));
  expect(report.summary.passed).toBe(0);
  expect(report.summary.failed).toBe(catalogue.length - 1);
  expect(report.checks.find((c) => c.id === 'endpoint-isolation')!.status).toBe('skipped');
  expect(report.summary.requests).toBe(1);
  for (const c of report.checks.filter((x) => x.status === 'failed')) {
    expect(c.violations[0]!.message).toContain("the target gave no usable answer to the run's first request");
    expect(c.violations[0]!.message).toContain(why);
  }
}

/** Every violation's message and response excerpt, as one text to search. */
function failureText(report: Report): string {
  return JSON.stringify(report.checks.flatMap((c) => c.violations));
}

async function rejection(p: Promise<unknown>): Promise<ConformanceError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConformanceError);
  return e as ConformanceError;
}

/** Answers the first request (the run's preflight) plainly, so the run starts; every later one with `hostile`. */
async function hostileAfterPreflight(hostile: (socket: Socket) => void): Promise<string> {
  let first = true;
  return rawTarget((socket) => {
    if (!first) return hostile(socket);
    first = false;
    socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}');
  });
}

/** Writes `text` one byte every `everyMs` until the socket closes. */
function dribble(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer);
    socket.write(text[i % text.length]!);
    i++;
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

/** The success status the spec documents for a method (201 for a create), so the body is what gets judged. */
function documentedStatus(method: string | undefined): number {
  return method === 'POST' ? 201 : 200;
}

/** Generous bounds: a full run at `runs: 2` takes a few seconds against them. */
const FULL_RUN_MS = 60_000;
const SHORT_RUN_MS = 20_000;
const RSS_GROWTH_MB = 300;

describe('hostile targets', () => {
  it('an endless chunked body: a full run stops reading at the default limit, bounded in time and memory', async () => {
    const chunk = Buffer.alloc(16 * 1024, 'x');
    const { url } = await httpTarget((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.write('{"items":["');
      let closed = false;
      res.on('close', () => (closed = true));
      // One chunk per turn of the event loop (a HEAD response ignores writes, and says so by returning true).
      const pump = (): void => {
        if (closed) return;
        if (res.write(chunk)) setImmediate(pump);
        else res.once('drain', pump);
      };
      pump();
    });
    const { value: report, ms, rssGrowthMb } = await measured(() => runAgainst(url));
    expect(ms).toBeLessThan(FULL_RUN_MS);
    expect(rssGrowthMb).toBeLessThan(RSS_GROWTH_MB);
    expectFailedButIntact(report);
    expect(failureText(report)).toContain('response body over 262144 bytes (reading stopped)');
    // No check passes on answers it never saw.
    expect(report.checks.filter((c) => c.status === 'passed').map((c) => c.id)).toEqual([]);
    // http-contract names it for the whole run's traffic.
    const contract = report.checks.find((c) => c.id === 'http-contract')!;
    expect(contract.status).toBe('failed');
    expect(JSON.stringify(contract.violations)).toContain('response incomplete: response body over 262144 bytes');
  });

  it('a 50 MB body: not read past --max-response-bytes (Content-Length says it is over)', async () => {
    const size = 50 * 1024 * 1024;
    const block = Buffer.alloc(1024 * 1024, 'y');
    const { url } = await httpTarget((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': size });
      if (req.method === 'HEAD') return void res.end();
      let sent = 0;
      let closed = false;
      res.on('close', () => (closed = true));
      const pump = (): void => {
        while (!closed && sent < size) {
          sent += block.length;
          if (!res.write(block)) return void res.once('drain', pump);
        }
        if (!closed) res.end();
      };
      pump();
    });
    const {
      value: report,
      ms,
      rssGrowthMb,
    } = await measured(() =>
      runAgainst(url, { only: ['lifecycle', 'never-5xx', 'http-contract'], maxResponseBytes: 65_536 }),
    );
    expect(ms).toBeLessThan(SHORT_RUN_MS);
    expect(rssGrowthMb).toBeLessThan(RSS_GROWTH_MB);
    expectFailedButIntact(report);
    expect(failureText(report)).toContain('response body over 65536 bytes (Content-Length: 52428800; not read)');
  });

  it('a 50 MB body without Content-Length: reading stops at the limit', async () => {
    const block = Buffer.alloc(1024 * 1024, 'z');
    const { url } = await httpTarget((req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8; header=present' });
      if (req.method === 'HEAD') return void res.end();
      let left = 50;
      let closed = false;
      res.on('close', () => (closed = true));
      const pump = (): void => {
        while (!closed && left-- > 0) if (!res.write(block)) return void res.once('drain', pump);
        if (!closed) res.end();
      };
      pump();
    });
    const {
      value: report,
      ms,
      rssGrowthMb,
    } = await measured(() => runAgainst(url, { only: ['lifecycle', 'http-contract'], maxResponseBytes: 100_000 }));
    expect(ms).toBeLessThan(SHORT_RUN_MS);
    expect(rssGrowthMb).toBeLessThan(RSS_GROWTH_MB);
    expectFailedButIntact(report);
    expect(failureText(report)).toContain('response body over 100000 bytes (reading stopped)');
  });

  it('a server that accepts and never answers: a report within the timeout, every check failing with what happened', async () => {
    const url = await rawTarget(() => undefined);
    const { value: report, ms } = await measured(() => runAgainst(url));
    expect(ms).toBeLessThan(TIMEOUT_MS + 5_000);
    expectNotRun(report, `no response headers within ${TIMEOUT_MS} ms`);
  });

  it('headers dribbled a byte at a time from the first request: a report within the timeout, naming it', async () => {
    const url = await rawTarget((socket) => dribble(socket, 'HTTP/1.1 200 OK\r\nx-slow: aaaaaaaaaaaaaaaaaaaaaaa', 100));
    const { value: report, ms } = await measured(() => runAgainst(url));
    expect(ms).toBeLessThan(TIMEOUT_MS + 5_000);
    expectNotRun(report, `no response headers within ${TIMEOUT_MS} ms`);
  });

  it('a port nothing listens on is unreachable: TARGET_UNREACHABLE, no report', async () => {
    const server = createNetServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const e = await rejection(runAgainst(`http://127.0.0.1:${port}`));
    expect(e.code).toBe('TARGET_UNREACHABLE');
    expect(e.message).toContain('ECONNREFUSED');
  });

  it('headers dribbled after the preflight: each request is cut at the timeout, the report says so', async () => {
    const url = await hostileAfterPreflight((socket) =>
      dribble(socket, 'HTTP/1.1 200 OK\r\nx-slow: aaaaaaaaaaaaaaa', 100),
    );
    const { value: report, ms } = await measured(() => runAgainst(url, { only: ['lifecycle'] }));
    expect(ms).toBeLessThan(SHORT_RUN_MS);
    expectFailedButIntact(report);
    expect(failureText(report)).toContain(`no response headers within ${TIMEOUT_MS} ms`);
  });

  it('a body that stalls, and one that keeps trickling: cut at the timeout, named', async () => {
    const head = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"items":[';
    const stalled = await hostileAfterPreflight((socket) => socket.write(head));
    const trickling = await hostileAfterPreflight((socket) => {
      socket.write(head);
      dribble(socket, ' ', 100);
    });
    const [a, b] = await Promise.all([
      measured(() => runAgainst(stalled, { only: ['lifecycle'] })),
      measured(() => runAgainst(trickling, { only: ['lifecycle'] })),
    ]);
    for (const { ms, value } of [a, b]) {
      expect(ms).toBeLessThan(SHORT_RUN_MS);
      expectFailedButIntact(value);
    }
    expect(failureText(a.value)).toMatch(/body stalled for \d+ ms after 10 bytes/);
    expect(failureText(b.value)).toMatch(
      new RegExp(`body still arriving after ${TIMEOUT_MS} ms \\(\\d+ bytes received`),
    );
  });

  it('a connection reset mid-body: the failure says after how many bytes', async () => {
    const url = await rawTarget((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n');
      socket.write('{"items":[' + ' '.repeat(90), () => setTimeout(() => socket.resetAndDestroy(), 20));
    });
    const {
      value: report,
      ms,
      rssGrowthMb,
    } = await measured(() => runAgainst(url, { only: ['lifecycle', 'never-5xx', 'http-contract'] }));
    expect(ms).toBeLessThan(SHORT_RUN_MS);
    expect(rssGrowthMb).toBeLessThan(RSS_GROWTH_MB);
    expectFailedButIntact(report);
    expect(failureText(report)).toContain('connection reset after 100 bytes of the body');
  });

  it('a body that is not what its Content-Type says: undecodable, named', async () => {
    const { url } = await httpTarget((req, res) => {
      res.writeHead(documentedStatus(req.method), { 'content-type': 'application/json; charset=utf-8' });
      res.end('<html><body>Welcome to nginx!</body></html>');
    });
    const { value: report, ms } = await measured(() => runAgainst(url, { only: ['lifecycle', 'http-contract'] }));
    expect(ms).toBeLessThan(SHORT_RUN_MS);
    expectFailedButIntact(report);
    expect(failureText(report)).toMatch(
      /create did not return a key \(status 201; [^"]*BODY_UNDECODABLE application\/json: not JSON/,
    );
  });

  it('invalid UTF-8: the body is reported as not UTF-8', async () => {
    const { url } = await httpTarget((req, res) => {
      res.writeHead(documentedStatus(req.method), { 'content-type': 'application/json; charset=utf-8' });
      res.end(Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]));
    });
    const { value: report, ms } = await measured(() => runAgainst(url, { only: ['lifecycle', 'http-contract'] }));
    expect(ms).toBeLessThan(SHORT_RUN_MS);
    expectFailedButIntact(report);
    expect(failureText(report)).toContain('BODY_UNDECODABLE the body is not valid UTF-8');
  });

  it('a redirect loop (302 to itself): a full run never follows it, and names the Location', async () => {
    const { url, hits } = await httpTarget((req, res) => {
      res.writeHead(302, { location: req.url ?? '/', 'content-length': 0 });
      res.end();
    });
    // malformed-requests is left out: its hand-made messages are not exchanges (three pipelined requests in one, broken
    // ones that never reach a handler), so the count below could not be exact; a raw message never follows anything.
    const { value: report, ms, rssGrowthMb } = await measured(() => runAgainst(url, { skip: ['malformed-requests'] }));
    expect(ms).toBeLessThan(FULL_RUN_MS);
    expect(rssGrowthMb).toBeLessThan(RSS_GROWTH_MB);
    expectFailedButIntact(report);
    // One request on the wire per exchange: nothing was followed.
    expect(hits()).toBe(report.summary.requests);
    expect(report.checks.filter((c) => c.status === 'passed').map((c) => c.id)).toEqual([]);
    const contract = JSON.stringify(report.checks.find((c) => c.id === 'http-contract')!.violations);
    expect(contract).toMatch(
      /status 302 is not documented for this operation \(redirect not followed: Location: \/v2\.0\/endpoints\//,
    );
  });

  it('the CLI: --max-response-bytes bounds the body, exit 1; a bad value is a usage error, exit 2', async () => {
    const { url } = await httpTarget((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(`{"items":["${'a'.repeat(5000)}"]}`);
    });
    let out = '';
    let err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    try {
      const common = ['--target', url, '--api-key', API_KEY, '--endpoint-id', ENDPOINT_ID, '--runs', '2'];
      const bad = await conformanceCommand.run([...common, '--max-response-bytes', '0']);
      expect(bad).toBe(2);
      expect(err).toContain('--max-response-bytes must be an integer >= 1, got "0"');
      const code = await conformanceCommand.run([
        ...common,
        ...['--seed', '1', '--timeout', String(TIMEOUT_MS), '--max-response-bytes', '1000', '--only', 'lifecycle'],
        ...['--reporter', 'json'],
      ]);
      expect(code).toBe(1);
      const report = JSON.parse(out) as Report;
      expectFailedButIntact(report);
      expect(failureText(report)).toContain('response body over 1000 bytes (reading stopped)');
    } finally {
      vi.restoreAllMocks();
    }
  });
});
