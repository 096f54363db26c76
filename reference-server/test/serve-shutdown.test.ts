import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../contract/src/index.js';
import { collect, openSocket, rawSend } from './support/raw-socket.js';
import { keysPath } from './support/start-server.js';

/** The built CLI (npm test builds before vitest runs; run `npm run build` before running this file alone). */
const CLI = join(packageRoot(), 'dist', 'cli', 'main.js');
/** The documented deadline: SIGINT/SIGTERM end the process, exit code 0, within 10 s whatever clients do. */
const DEADLINE_MS = 10_000;
const API_KEY = 'shutdown-test-key';

let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** Spawns `apikeys-kit serve --port 0` and resolves with its base URL and endpoint id once it listens. */
function serve(): Promise<{ url: string; endpointId: string; exit: Promise<{ code: number | null; at: number }> }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--api-key', API_KEY], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    const exit = new Promise<{ code: number | null; at: number }>((done) =>
      proc.once('exit', (code) => done({ code, at: performance.now() })),
    );
    let out = '';
    proc.stderr.resume();
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const url = /Base URL:\s+(\S+)/.exec(out)?.[1];
      const endpointId = /Endpoint ids:\s+(\S+)/.exec(out)?.[1];
      if (url && endpointId && out.includes('Ctrl-C')) resolve({ url, endpointId, exit });
    });
    proc.once('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${out}`)));
  });
}

describe('apikeys-kit serve: shutdown is bounded whatever clients do', () => {
  it('SIGTERM with a partial request, an idle keep-alive connection and a stalled body open: exit 0 within the deadline', async () => {
    const s = await serve();
    const path = keysPath(s.endpointId);
    // A request whose header section never ends.
    const partial = await openSocket(s.url);
    const partialDone = collect(partial, { waitMs: DEADLINE_MS + 2000 });
    partial.write(`GET ${path} HTTP/1.1\r\nHost: a\r\n`);
    // An idle keep-alive connection after a complete exchange.
    const idle = await openSocket(s.url);
    const idleDone = collect(idle, { waitMs: DEADLINE_MS + 2000, responses: 2 });
    idle.write(`GET ${path} HTTP/1.1\r\nHost: a\r\nX-API-Key: ${API_KEY}\r\n\r\n`);
    // An in-flight create whose body stalls (it is given the shutdown grace, then cut).
    const stalled = await openSocket(s.url);
    const stalledDone = collect(stalled, { waitMs: DEADLINE_MS + 2000 });
    stalled.write(
      `POST ${path} HTTP/1.1\r\nHost: a\r\nX-API-Key: ${API_KEY}\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"name":`,
    );
    await new Promise((r) => setTimeout(r, 300));

    const signalledAt = performance.now();
    child!.kill('SIGTERM');
    const { code, at } = await s.exit;
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(DEADLINE_MS);
    expect((await partialDone).closed).toBe(true);
    const idleEnd = await idleDone;
    expect(idleEnd.closed).toBe(true);
    expect(idleEnd.responses.map((r) => r.status)).toEqual([200]);
    expect((await stalledDone).closed).toBe(true);
  }, 30_000);

  it('SIGINT lets an in-flight request finish (its response says Connection: close), refuses new connections, exits 0', async () => {
    const s = await serve();
    const path = keysPath(s.endpointId);
    const partial = await openSocket(s.url);
    partial.on('error', () => undefined);
    partial.write(`GET ${path} HTTP/1.1\r\nHost: a\r\n`);
    const body = '{"name":"finished during shutdown"}';
    const inFlight = await openSocket(s.url);
    const inFlightDone = collect(inFlight, { waitMs: DEADLINE_MS });
    inFlight.write(
      `POST ${path} HTTP/1.1\r\nHost: a\r\nX-API-Key: ${API_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
    );
    await new Promise((r) => setTimeout(r, 300));

    const signalledAt = performance.now();
    child!.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 200));
    await expect(rawSend(s.url, `GET ${path} HTTP/1.1\r\nHost: a\r\n\r\n`, { waitMs: 1000 })).rejects.toThrow();
    inFlight.write(body.slice(5));
    const answered = await inFlightDone;
    expect(answered.responses.map((r) => r.status)).toEqual([201]);
    expect(answered.responses[0]!.headers['connection']).toBe('close');
    expect(answered.closed).toBe(true);
    const { code, at } = await s.exit;
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(2000);
  }, 30_000);
});
