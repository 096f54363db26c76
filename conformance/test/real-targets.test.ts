import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { conformanceCommand } from '../../cli/commands/conformance.js';
import { createServer, type RequestHandler, type RunningServer } from '../../reference-server/src/index.js';
import {
  catalogue,
  ConformanceError,
  renderJson,
  renderJunit,
  renderPretty,
  runConformance,
  type Report,
  type RunOptions,
} from '../src/index.js';
import { testPki } from './support/test-ca.js';

/**
 * Issue 10 item 2, "Real targets": 429/503 waited out, --rate, --header, --ca, the run's time limit, and a target
 * hostile from its first request, each against a real local server (127.0.0.1, port 0).
 */

const running: RunningServer[] = [];
const others: (HttpsServer | NetServer)[] = [];
const sockets = new Set<Socket>();

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(running.map((s) => s.close()));
  await Promise.all(others.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** The reference server with `wrap` around its request handler. */
async function reference(wrap?: (handler: RequestHandler) => RequestHandler): Promise<RunningServer> {
  const server = await createServer({
    log: () => undefined,
    ...(wrap ? { wrapHandler: (h: RequestHandler) => wrap(h) } : {}),
  });
  running.push(server);
  return server;
}

function against(server: RunningServer, extra: RunOptions = {}, url = server.url): Promise<Report> {
  return runConformance({
    target: url,
    apiKey: server.apiKey,
    endpointId: server.endpointIds[0]!,
    runs: 3,
    seed: 5,
    timeoutMs: 5000,
    ...extra,
  });
}

function failures(report: Report): { id: string; messages: string[] }[] {
  return report.checks
    .filter((c) => c.status === 'failed')
    .map((c) => ({ id: c.id, messages: c.violations.map((v) => v.message) }));
}

async function rejection(p: Promise<unknown>): Promise<ConformanceError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConformanceError);
  return e as ConformanceError;
}

/** Answers requests chosen by `throttle` with its status and headers, and passes the rest to the handler. */
function throttling(
  throttle: (n: number, method: string) => { status: number; headers: Record<string, string> } | undefined,
  counts: { throttled: number; all: number },
): (handler: RequestHandler) => RequestHandler {
  return (handler) => (req, res) => {
    const answer = throttle(++counts.all, req.method ?? '');
    if (!answer) return handler(req, res);
    counts.throttled++;
    req.resume();
    res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
    res.end('slow down');
  };
}

describe('429 and 503 with Retry-After', () => {
  it('are waited out and re-sent: the whole catalogue passes, and the summary counts the retries', async () => {
    const counts = { throttled: 0, all: 0 };
    const server = await reference(
      throttling((n) => {
        if (n === 1) return { status: 429, headers: { 'retry-after': '1' } };
        if (n % 23 === 0) return { status: 503, headers: { 'retry-after': '0' } };
        if (n % 17 === 0) return { status: 429, headers: { 'retry-after': '0' } };
        return undefined;
      }, counts),
    );
    // malformed-requests writes messages no handler sees whole (broken framing, CONNECT): the count below is of
    // requests that reach the handler; its own retries are shown in the next test.
    const report = await against(server, { runs: 1, skip: ['malformed-requests'] });
    expect(failures(report)).toEqual([]);
    expect(report.summary.failed).toBe(0);
    expect(counts.throttled).toBeGreaterThan(10);
    expect(report.summary.retries).toBe(counts.throttled);
    expect(report.summary.retryWaitMs).toBe(1000);
    // Re-sends are not exchanges of their own: every request on the wire is an exchange or a retry.
    expect(report.summary.requests + report.summary.retries).toBe(counts.all);
    expect(renderPretty(report, { color: false })).toContain(
      `${counts.throttled} retries after 429/503 (waited 1.0 s)`,
    );
    expect(renderJunit(report)).toContain(`<property name="retries" value="${counts.throttled}"`);
  });

  it('are waited out for the hand-made messages of malformed-requests too: the whole message is sent again', async () => {
    const counts = { throttled: 0, all: 0 };
    // The first three requests reaching the handler (the three Host cases, which come first) are answered 429.
    const server = await reference(
      throttling((n) => (n <= 3 ? { status: 429, headers: { 'retry-after': '0' } } : undefined), counts),
    );
    const report = await against(server, { only: ['malformed-requests'] });
    expect(failures(report)).toEqual([]);
    expect(counts.throttled).toBe(3);
    expect(report.summary.retries).toBe(3);
  });

  it('a 429 the run gives up waiting out is reported as not judged, never read as the answer', async () => {
    const counts = { throttled: 0, all: 0 };
    // The first create asks for 120 s, past the default cap of 60 s (--max-retry-wait): the run gives up on it.
    const server = await reference(
      throttling(
        (n, method) => (method === 'POST' && n < 5 ? { status: 429, headers: { 'retry-after': '120' } } : undefined),
        counts,
      ),
    );
    const report = await against(server, { only: ['positive-names'], runs: 2 });
    const check = report.checks.find((c) => c.id === 'positive-names')!;
    expect(check.status).toBe('failed');
    const messages = check.violations.map((v) => v.message);
    expect(messages.some((m) => m.includes('could not judge') && m.includes('longer than the cap'))).toBe(true);
    // Nothing the check would conclude from reading the 429 as the server's answer (a refused name, a wrong status).
    expect(
      check.violations.filter((v) => v.response?.status === 429 && !v.message.includes('could not judge')),
    ).toEqual([]);
  });

  it('a Retry-After given as an HTTP-date is measured from the response Date', async () => {
    const counts = { throttled: 0, all: 0 };
    const date = new Date(Math.floor(Date.now() / 1000) * 1000);
    const server = await reference(
      throttling(
        (n) =>
          n === 2
            ? {
                status: 429,
                headers: { date: date.toUTCString(), 'retry-after': new Date(date.getTime() + 1000).toUTCString() },
              }
            : undefined,
        counts,
      ),
    );
    const report = await against(server, { only: ['lifecycle'] });
    expect(failures(report)).toEqual([]);
    expect(report.summary.retries).toBe(1);
    expect(report.summary.retryWaitMs).toBe(1000);
  });

  it('a 429 without Retry-After is re-sent after a 1 s backoff; a 503 without Retry-After is an answer', async () => {
    const counts = { throttled: 0, all: 0 };
    const server = await reference(
      throttling((n, method) => {
        if (n === 2) return { status: 429, headers: {} };
        if (n > 2 && method === 'DELETE' && counts.throttled === 1) return { status: 503, headers: {} };
        return undefined;
      }, counts),
    );
    const report = await against(server, { only: ['lifecycle', 'never-5xx'] });
    expect(report.summary.retries).toBe(1);
    expect(report.summary.retryWaitMs).toBe(1000);
    expect(counts.throttled).toBe(2);
    const never5xx = report.checks.find((c) => c.id === 'never-5xx')!;
    expect(never5xx.status).toBe('failed');
    expect(JSON.stringify(never5xx.violations)).toContain('503');
  });

  it('a Retry-After over --max-retry-wait fails the request at once, naming the wait, instead of waiting', async () => {
    const counts = { throttled: 0, all: 0 };
    const server = await reference(
      throttling(
        (_n, method) => (method === 'POST' ? { status: 429, headers: { 'retry-after': '120' } } : undefined),
        counts,
      ),
    );
    const t0 = Date.now();
    const report = await against(server, { only: ['lifecycle'] });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(report.summary.retries).toBe(0);
    const lifecycle = report.checks.find((c) => c.id === 'lifecycle')!;
    expect(lifecycle.status).toBe('failed');
    expect(JSON.stringify(lifecycle.violations)).toContain(
      'the target asked to wait 120 s (429, Retry-After: 120), longer than the cap of 60 s (--max-retry-wait)',
    );
  });

  it('a target that throttles every request from the first gets a report: every check fails naming it', async () => {
    const counts = { throttled: 0, all: 0 };
    const server = await reference(throttling(() => ({ status: 503, headers: { 'retry-after': '0' } }), counts));
    const report = await against(server, { maxRetries: 2, skip: ['endpoint-isolation'] });
    expect(counts.all).toBe(3);
    expect(report.summary.requests).toBe(1);
    expect(report.summary.failed).toBe(catalogue.length - 1);
    for (const c of report.checks.filter((x) => x.status === 'failed'))
      expect(c.violations[0]!.message).toContain('the target gave no usable answer to the run');
    expect(report.checks.find((c) => c.id === 'lifecycle')!.violations[0]!.message).toContain(
      'still 503 after 2 retries (--retries 2)',
    );
  });
});

describe('--rate', () => {
  /** The most requests the server saw within any `windowMs`. */
  function busiest(arrivals: readonly number[], windowMs: number): number {
    let best = 0;
    for (let i = 0, j = 0; i < arrivals.length; i++) {
      while (arrivals[i]! - arrivals[j]! >= windowMs) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  }

  it('caps the requests per second the server sees, retries and cleanup included', async () => {
    const arrivals: number[] = [];
    const counts = { throttled: 0, all: 0 };
    const server = await reference((handler) => {
      const throttle = throttling(
        (n) => (n % 10 === 0 ? { status: 429, headers: { 'retry-after': '0' } } : undefined),
        counts,
      );
      const inner = throttle(handler);
      return (req, res) => {
        arrivals.push(performance.now());
        inner(req, res);
      };
    });
    const free = await against(server, { only: ['negative-inputs'], runs: 1 });
    const unlimited = busiest(arrivals, 1000);
    arrivals.length = 0;
    const rate = 30;
    const report = await against(server, { only: ['negative-inputs'], runs: 1, rate });
    expect(failures(report)).toEqual([]);
    expect(report.options.rate).toBe(rate);
    expect(report.summary.retries).toBeGreaterThan(0);
    // The unlimited run shows the measurement can fail; the limited one stays within the rate (+1 for the window edge,
    // +1 for network jitter bunching two arrivals).
    expect(free.summary.requests).toBeGreaterThan(2 * rate);
    expect(unlimited).toBeGreaterThan(2 * rate);
    expect(arrivals.length).toBeGreaterThan(2 * rate);
    expect(busiest(arrivals, 1000)).toBeLessThanOrEqual(rate + 2);
  });
});

describe('--header', () => {
  const LONG = 'tenant-7f3a9c20e1b44d5aa1c9';
  const SHORT = 'blue42';

  it('goes with every request, and its value appears in no report, evidence or curl line', async () => {
    const seen: string[] = [];
    // A target that echoes the header back and forgets Cache-Control on the 201, so there are failures to show.
    const server = await reference((handler) => (req, res) => {
      seen.push(String(req.headers['x-tenant']));
      res.setHeader('x-echo', `${String(req.headers['x-tenant'])} ${String(req.headers['x-region'])}`);
      const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => typeof res;
      res.writeHead = (status: number, ...rest: unknown[]) => {
        const headers = rest.at(-1);
        if (status === 201 && typeof headers === 'object' && headers !== null)
          delete (headers as Record<string, unknown>)['cache-control'];
        return writeHead(status, ...rest);
      };
      handler(req, res);
    });
    const report = await against(server, {
      only: ['no-store', 'large-header-section', 'lifecycle'],
      headers: { 'X-Tenant': LONG, 'X-Region': SHORT },
    });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((v) => v === LONG)).toBe(true);
    expect(report.options.headers).toEqual(['x-tenant', 'x-region']);
    expect(report.checks.find((c) => c.id === 'large-header-section')!.status).toBe('passed');
    const noStore = report.checks.find((c) => c.id === 'no-store')!;
    expect(noStore.status).toBe('failed');
    expect(noStore.violations[0]!.curl).toContain('"x-tenant: $APIKEYS_KIT_HEADER_X_TENANT"');
    expect(noStore.violations[0]!.curl).toContain('"x-region: $APIKEYS_KIT_HEADER_X_REGION"');
    expect(noStore.violations[0]!.response!.headers['x-echo']).toBe(
      '$APIKEYS_KIT_HEADER_X_TENANT $APIKEYS_KIT_HEADER_X_REGION',
    );
    for (const text of [renderJson(report), renderJunit(report), renderPretty(report, { color: false })]) {
      expect(text).not.toContain(LONG);
      expect(text).not.toContain(LONG.slice(3, 15));
      expect(text).not.toMatch(new RegExp(`\\b${SHORT}\\b`));
    }
  });

  it.each([
    [{ 'X Tenant': 'v4lue-1' }, 'is not an HTTP token'],
    [{ 'X-Tenant': 'v4lue-2\r\nX-Injected: 1' }, 'is empty or not a valid field value'],
    [{ 'X-Tenant': '' }, 'is empty or not a valid field value'],
    [{ 'x-api-key': 'other-key' }, 'the checks control that field'],
    [{ Accept: 'text/csv' }, 'the checks control that field'],
    [{ 'Content-Length': '5' }, 'the checks control that field'],
  ])('%j is refused as a usage error that never shows the value', async (headers, message) => {
    const server = await reference();
    const e = await rejection(against(server, { headers }));
    expect(e.code).toBe('USAGE');
    expect(e.message).toContain(message);
    for (const v of Object.values(headers)) if (v.length > 0) expect(e.message).not.toContain(v);
  });
});

describe('--ca (https)', () => {
  const pki = testPki();

  /** An https server answering with the reference server's own request handler. */
  async function httpsReference(): Promise<{ server: RunningServer; url: string }> {
    let inner: RequestHandler | undefined;
    const server = await reference((h) => (inner = h));
    const tls = createHttpsServer({ key: pki.leafKey, cert: pki.leafCert }, (req, res) => inner!(req, res));
    others.push(tls);
    tls.on('connection', (s: Socket) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    return { server, url: `https://127.0.0.1:${(tls.address() as AddressInfo).port}` };
  }

  it('with the CA that signed its certificate, every check passes', async () => {
    const { server, url } = await httpsReference();
    const dir = await import('node:fs/promises').then((fs) => fs.mkdtemp('/tmp/apikeys-kit-ca-'));
    const caFile = `${dir}/ca.pem`;
    await import('node:fs/promises').then((fs) => fs.writeFile(caFile, pki.caCert));
    const report = await against(server, { caFile, only: ['lifecycle', 'pagination', 'http-contract'] }, url);
    expect(failures(report)).toEqual([]);
    expect(report.options.ca).toBe(caFile);
    expect(report.target).toBe(`${url}/`);
  });

  it('without it, the run stops with TARGET_TLS_FAILED naming the certificate problem and --ca', async () => {
    const { server, url } = await httpsReference();
    const e = await rejection(against(server, {}, url));
    expect(e.code).toBe('TARGET_TLS_FAILED');
    expect(e.message).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify/);
    expect(e.message).toContain('--ca FILE');
  });

  it('a --ca that is missing or not PEM is a usage error', async () => {
    const server = await reference();
    expect((await rejection(against(server, { caFile: '/nonexistent/ca.pem' }))).message).toContain(
      '--ca /nonexistent/ca.pem cannot be read',
    );
    expect((await rejection(against(server, { caFile: '/etc/hostname' }))).code).toBe('USAGE');
  });
});

describe('the CLI options', () => {
  it.each([
    [['--header', 'X-Tenant'], "--header takes 'Name: value'"],
    [['--header', 'X-API-Key: s3cret-value'], '--header X-API-Key is not allowed: the checks control that field'],
    [['--header', 'X-T: s3cret-value', '--header', 'x-t: s3cret-value'], '--header x-t is given twice'],
    [['--ca', '/nonexistent/ca.pem'], '--ca /nonexistent/ca.pem cannot be read'],
    [['--rate', '0'], '--rate must be a number of requests per second > 0, got "0"'],
    [['--max-time', '0'], '--max-time must be an integer >= 1, got "0"'],
    [['--retries=-1'], '--retries must be an integer >= 0, got "-1"'],
  ])('%j is a usage error: exit 2 with a clear message, never the header value', async (args, message) => {
    const server = await reference();
    let err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    let code: number;
    try {
      code = await conformanceCommand.run([
        ...['--target', server.url, '--api-key', server.apiKey, '--endpoint-id', server.endpointIds[0]!],
        ...args,
      ]);
    } finally {
      vi.restoreAllMocks();
    }
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).not.toContain('s3cret-value');
  });
});

describe('the run time limit (--max-time)', () => {
  it('ends the run by itself: nothing is sent after it, later checks are skipped, the CLI exits 1', async () => {
    const server = await reference();
    let out = '';
    let err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    const t0 = Date.now();
    let code: number;
    try {
      code = await conformanceCommand.run([
        ...['--target', server.url, '--api-key', server.apiKey, '--endpoint-id', server.endpointIds[0]!],
        ...['--runs', '3', '--seed', '5', '--rate', '10', '--max-time', '2', '--reporter', 'json'],
      ]);
    } finally {
      vi.restoreAllMocks();
    }
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(code).toBe(1);
    const report = JSON.parse(out) as Report;
    expect(report.summary.timeLimitReached).toBe(true);
    expect(report.options.maxTimeSeconds).toBe(2);
    const cut = report.checks.find((c) => c.violations[0]?.message.includes("the run's time limit"));
    expect(cut?.status).toBe('failed');
    const later = report.checks.filter((c) => c.skipReason?.includes("the run's time limit (--max-time 2 s)"));
    expect(later.length).toBeGreaterThan(10);
    expect(err).toMatch(/\d+ passed, \d+ failed, \d+ skipped \(time limit reached\)\n$/);
  });
});

describe('a target hostile from its first request', () => {
  it('accepts connections and never answers: a report, every check failing with what happened', async () => {
    const silent = createNetServer((s) => (sockets.add(s), s.on('error', () => undefined)));
    others.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const t0 = Date.now();
    const report = await runConformance({
      target: url,
      apiKey: 'k'.repeat(20),
      endpointId: '64f1c2a9b8e7d6c5b4a39281',
      timeoutMs: 800,
    });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(report.summary.passed).toBe(0);
    expect(report.summary.failed).toBe(catalogue.length - 1);
    expect(report.checks.find((c) => c.id === 'endpoint-isolation')!.status).toBe('skipped');
    for (const c of report.checks.filter((x) => x.status === 'failed'))
      expect(c.violations[0]!.message).toContain('no response headers within 800 ms');
  });

  it('a closed port is unreachable: TARGET_UNREACHABLE, no report', async () => {
    const closed = createNetServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const e = await rejection(
      runConformance({
        target: `http://127.0.0.1:${port}`,
        apiKey: 'k'.repeat(20),
        endpointId: '64f1c2a9b8e7d6c5b4a39281',
      }),
    );
    expect(e.code).toBe('TARGET_UNREACHABLE');
    expect(e.message).toContain('ECONNREFUSED');
  });
});
