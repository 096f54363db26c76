import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../conformance/src/index.js';
import { startConnectProxy, type ConnectProxy } from '../../conformance/test/support/connect-proxy.js';
import { testPki } from '../../conformance/test/support/test-ca.js';
import { createServer, type RequestHandler, type RunningServer } from '../../reference-server/src/index.js';
import { CLI } from './support.js';

/**
 * HTTP_PROXY / HTTPS_PROXY / NO_PROXY as a user sets them: the built CLI runs as a child process with them in its
 * environment, against the reference server over https (with --ca) and http, through a local CONNECT proxy.
 */

const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `apikeys-kit conformance` with `env` on top of this process's environment (minus its proxy variables). */
function conformance(args: string[], env: Record<string, string>): Promise<Result> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !PROXY_VARIABLES.includes(k)));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'conformance', ...args], {
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the environment proxy', () => {
  const pki = testPki();
  const caFile = join(mkdtempSync(join(tmpdir(), 'apikeys-kit-proxy-')), 'ca.pem');
  let server: RunningServer;
  let httpsUrl: string;
  let proxy: ConnectProxy;
  const tlsSockets = new Set<Socket>();
  let closeTls: () => Promise<void>;

  beforeAll(async () => {
    writeFileSync(caFile, pki.caCert);
    let inner: RequestHandler | undefined;
    server = await createServer({ log: () => undefined, wrapHandler: (h) => (inner = h) });
    const tls = createHttpsServer({ key: pki.leafKey, cert: pki.leafCert }, (req, res) => inner!(req, res));
    tls.on('connection', (s: Socket) => (tlsSockets.add(s), s.on('close', () => tlsSockets.delete(s))));
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    httpsUrl = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
    closeTls = () => {
      for (const s of tlsSockets) s.destroy();
      return new Promise<void>((resolve) => tls.close(() => resolve()));
    };
    proxy = await startConnectProxy();
  });

  afterAll(async () => {
    await proxy.close();
    await closeTls();
    await server.close();
  });

  const common = (target: string) => [
    ...['--target', target, '--api-key', server.apiKey, '--endpoint-id', server.endpointIds[0]!],
    ...['--only', 'lifecycle', '--runs', '2', '--seed', '3', '--reporter', 'json'],
  ];

  it('HTTPS_PROXY carries an https target through a CONNECT tunnel, with --ca trusted inside it', async () => {
    proxy.tunnels.length = 0;
    const r = await conformance([...common(httpsUrl), '--ca', caFile], { HTTPS_PROXY: proxy.url });
    expect(r.stderr).toContain('1 passed, 0 failed');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.options.proxyUsed).toBe(true);
    expect(report.options.ca).toBe(caFile);
    expect(proxy.tunnels).toContain(new URL(httpsUrl).host);
  });

  it('NO_PROXY naming the target bypasses the proxy', async () => {
    proxy.tunnels.length = 0;
    const r = await conformance([...common(httpsUrl), '--ca', caFile], {
      HTTPS_PROXY: proxy.url,
      NO_PROXY: 'localhost,127.0.0.1',
    });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Report).options.proxyUsed).toBe(false);
    expect(proxy.tunnels).toEqual([]);
  });

  it('http_proxy (lower case) carries an http target', async () => {
    proxy.tunnels.length = 0;
    const r = await conformance(common(server.url), { http_proxy: proxy.url });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Report).options.proxyUsed).toBe(true);
    expect(proxy.tunnels).toContain(new URL(server.url).host);
  });

  const malformed = (target: string) => [
    ...['--target', target, '--api-key', server.apiKey, '--endpoint-id', server.endpointIds[0]!],
    ...['--only', 'malformed-requests', '--seed', '3', '--reporter', 'json'],
  ];

  it('malformed-requests is skipped, naming the proxy without its password, when the run goes through one', async () => {
    const withPassword = proxy.url.replace('http://', 'http://someone:hunter2@');
    const r = await conformance(malformed(server.url), { HTTP_PROXY: withPassword });
    const check = (JSON.parse(r.stdout) as Report).checks.find((c) => c.id === 'malformed-requests')!;
    expect(check.status).toBe('skipped');
    expect(check.skipReason).toContain('needs a direct connection');
    expect(check.skipReason).toContain(new URL(proxy.url).host);
    expect(r.stdout + r.stderr).not.toContain('hunter2');
  });

  it('malformed-requests writes its messages over TLS (with --ca) when NO_PROXY names the target', async () => {
    const r = await conformance([...malformed(httpsUrl), '--ca', caFile], {
      HTTPS_PROXY: proxy.url,
      NO_PROXY: '127.0.0.1',
    });
    const check = (JSON.parse(r.stdout) as Report).checks.find((c) => c.id === 'malformed-requests')!;
    // The https wrapper here is node:https with its defaults, not the reference server's set-up: it answers a missing
    // Host and a request it cannot parse with a bare 400 without problem details (and, pipelined, before the earlier
    // requests' answers), which the spec does not allow.
    expect(check.status).toBe('failed');
    expect(check.violations.map((v) => v.message).join('\n')).toMatch(
      /broken request line.*response 1 is its 400 breaks/,
    );
    expect(check.violations.every((v) => v.command?.includes('openssl s_client'))).toBe(true);
  });

  it('a proxy that refuses the tunnel is an unreachable target: exit 2, naming the proxy answer', async () => {
    const r = await conformance(
      ['--target', 'http://conformance.invalid', '--api-key', 'k'.repeat(20), '--endpoint-id', server.endpointIds[0]!],
      { HTTP_PROXY: proxy.url },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is unreachable');
    expect(r.stderr).toContain('Proxy response (403)');
  });
});
