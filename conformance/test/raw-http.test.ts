import { createServer, type Server, type Socket } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { decodeContent } from '../src/content-coding.js';
import { rawEnding } from '../src/evidence.js';
import { afterAll, describe, expect, it } from 'vitest';
import { rawCommandOf } from '../src/curl.js';
import { environmentProxyFor } from '../src/dispatcher.js';
import { parseResponses, sendRaw, type RawSendOptions } from '../src/raw-http.js';

const servers: Server[] = [];
const sockets = new Set<Socket>();
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** A TCP server on 127.0.0.1 that hands every connection (and the bytes it gets) to `onData`. */
async function tcp(onData: (socket: Socket, data: string) => void): Promise<URL> {
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let seen = '';
    socket.on('data', (c: Buffer) => {
      seen += c.toString('latin1');
      onData(socket, seen);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return new URL(`http://127.0.0.1:${port}/`);
}

const reply = (status: number, body: string, extra = ''): string =>
  `HTTP/1.1 ${status} X\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

const send = (target: URL, o: Partial<RawSendOptions> = {}) =>
  sendRaw({
    target,
    ca: undefined,
    bytes: Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
    responses: 1,
    awaitCloseMs: undefined,
    timeoutMs: 2000,
    maxBytes: 1 << 20,
    ...o,
  });

describe('parseResponses', () => {
  it('reads responses framed by Content-Length, chunked coding and (when closed) the close, in order', () => {
    const wire =
      reply(200, 'abc') +
      'HTTP/1.1 404 Not Found\r\ntransfer-encoding: chunked\r\nX-A: 1\r\nx-a: 2\r\n\r\n2\r\nde\r\n1;ext=1\r\nf\r\n0\r\n\r\n' +
      'HTTP/1.1 400 Bad Request\r\n\r\nuntil the close';
    const open = parseResponses(Buffer.from(wire), false);
    expect(open.responses.map((r) => [r.status, r.body])).toEqual([
      [200, 'abc'],
      [404, 'def'],
    ]);
    expect(open.responses[1]!.headers['x-a']).toBe('1, 2');
    const closed = parseResponses(Buffer.from(wire), true);
    expect(closed.responses.map((r) => [r.status, r.body])).toEqual([
      [200, 'abc'],
      [404, 'def'],
      [400, 'until the close'],
    ]);
    expect(closed.used).toBe(Buffer.byteLength(wire));
  });

  it('skips interim 1xx responses, gives 204 no body, and leaves an incomplete response unread', () => {
    const wire = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n' + reply(200, 'abcdef').slice(0, -2);
    const { responses, used } = parseResponses(Buffer.from(wire), false);
    expect(responses.map((r) => r.status)).toEqual([204]);
    expect(used).toBe(wire.indexOf('HTTP/1.1 200'));
  });

  it('reads chunk sizes with any number of leading zeros (RFC 9112 §7.1: 1*HEXDIG)', () => {
    const wire =
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0000000000000003\r\nabc\r\n0000000000000000\r\n\r\n';
    expect(parseResponses(Buffer.from(wire), false).responses.map((r) => r.body)).toEqual(['abc']);
  });

  it('undoes a gzip content coding, and names one that does not decode', () => {
    const zipped = gzipSync('{"a":1}');
    const head = `HTTP/1.1 200 OK\r\ncontent-encoding: gzip\r\ncontent-length: ${zipped.length}\r\n\r\n`;
    const [ok] = parseResponses(Buffer.concat([Buffer.from(head, 'latin1'), zipped]), false).responses;
    expect(ok).toMatchObject({ body: '{"a":1}' });
    const bad = `HTTP/1.1 200 OK\r\ncontent-encoding: gzip\r\ncontent-length: 3\r\n\r\nabc`;
    expect(parseResponses(Buffer.from(bad), false).responses[0]!.undecodable).toMatch(/gzip: the body does not decode/);
  });

  it('stops at bytes that are not an HTTP/1.x response', () => {
    expect(parseResponses(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'), true).responses).toEqual([]);
  });
});

describe('sendRaw', () => {
  it('reports the responses and the close of a server that answers and closes', async () => {
    const target = await tcp((s, seen) => seen.endsWith('\r\n\r\n') && s.end(reply(400, 'no')));
    const r = await send(target, { awaitCloseMs: 1000 });
    expect(r.ending).toBe('closed');
    expect(r.responses.map((x) => x.status)).toEqual([400]);
  });

  it('counts the bytes after the last whole response, and says so in how the exchange ended', async () => {
    const target = await tcp((s, seen) => seen.endsWith('\r\n\r\n') && s.end(`${reply(400, 'no')}garbage`));
    const result = await send(target, { awaitCloseMs: 1000 });
    expect(result.trailing).toBe('garbage'.length);
    const ended = rawEnding({ seq: 1, checkId: 'c', name: 'n', text: '', result });
    expect(ended).toMatch(/^responses 400 \(then 7 bytes that are no whole response\), then the connection closed/);
  });

  it('reports a connection still open after the wait for the close', async () => {
    const target = await tcp((s, seen) => seen.endsWith('\r\n\r\n') && s.write(reply(400, 'no')));
    const r = await send(target, { awaitCloseMs: 200 });
    expect(r.ending).toBe('open');
    expect(r.elapsedMs).toBeGreaterThanOrEqual(150);
  });

  it('stops reading once the responses it waits for arrived, when no close is asked for', async () => {
    const target = await tcp((s, seen) => seen.endsWith('\r\n\r\n') && s.write(reply(200, 'ok')));
    const r = await send(target);
    expect(r.ending).toBe('open');
    expect(r.responses.map((x) => x.status)).toEqual([200]);
  });

  it('times out on a server that neither answers nor closes', async () => {
    const target = await tcp(() => undefined);
    const r = await send(target, { timeoutMs: 300 });
    expect(r.ending).toBe('timeout');
    expect(r.responses).toEqual([]);
  });

  it('stops reading a target that streams without end (overflow), long before the timeout', async () => {
    const target = await tcp((s, seen) => {
      if (!seen.endsWith('\r\n\r\n')) return;
      s.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n');
      const more = (): void => {
        if (!s.destroyed) s.write(`4000\r\n${'a'.repeat(0x4000)}\r\n`, () => setImmediate(more));
      };
      more();
    });
    const r = await send(target, { maxBytes: 256 * 1024, timeoutMs: 5000 });
    expect(r.ending).toBe('overflow');
    expect(r.elapsedMs).toBeLessThan(4000);
  });

  it('reports a connection that could not be made as failed, not as closed', async () => {
    const target = await tcp(() => undefined);
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    const r = await send(target);
    expect(r.ending).toBe('failed');
    expect(r.error).toMatch(/ECONNREFUSED/);
  });
});

describe('rawCommandOf', () => {
  it('writes the API key and extra header values as shell variables, never verbatim', () => {
    const text = 'GET /a HTTP/1.1\r\nX-API-Key: sekrit-key-123\r\nx-tenant: t-42\r\n\r\n';
    const cmd = rawCommandOf(text, new URL('http://127.0.0.1:8080/base'), 'sekrit-key-123', [
      { name: 'x-tenant', value: 't-42', variable: 'APIKEYS_KIT_HEADER_X_TENANT' },
    ]);
    expect(cmd).not.toContain('sekrit-key-123');
    expect(cmd).not.toContain('t-42');
    expect(cmd).toContain('"$APIKEYS_KIT_API_KEY"');
    expect(cmd).toContain('"$APIKEYS_KIT_HEADER_X_TENANT"');
    expect(cmd).toMatch(/^printf '%s' \$'GET \/a HTTP\/1\.1\\x0d\\x0aX-API-Key: '"\$APIKEYS_KIT_API_KEY"/);
    expect(cmd.endsWith("| nc '127.0.0.1' 8080")).toBe(true);
  });

  it('pipes into openssl s_client for an https target', () => {
    const cmd = rawCommandOf('GET / HTTP/1.1\r\n\r\n', new URL('https://api.example.com/'), 'k');
    expect(cmd.endsWith("| openssl s_client -quiet -connect 'api.example.com:443' -servername 'api.example.com'")).toBe(
      true,
    );
  });
});

describe('environmentProxyFor (undici EnvHttpProxyAgent rules)', () => {
  const url = new URL('https://api.example.com:8443/x');
  it.each([
    [{}, undefined],
    [{ HTTPS_PROXY: 'http://p:3128' }, 'http://p:3128'],
    [{ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' }, 'http://lower:1'],
    [{ HTTP_PROXY: 'http://p:3128' }, 'http://p:3128'],
    [{ HTTPS_PROXY: 'http://p:3128', NO_PROXY: '*' }, undefined],
    [{ HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'example.com' }, undefined],
    [{ HTTPS_PROXY: 'http://p:3128', NO_PROXY: '.example.com' }, undefined],
    [{ HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'other.com, api.example.com:8443' }, undefined],
    [{ HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'api.example.com:443' }, 'http://p:3128'],
    [{ HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'xample.com' }, 'http://p:3128'],
  ] as const)('%j → %s', (env, expected) => {
    expect(environmentProxyFor(url, env)).toBe(expected);
  });

  it('takes only HTTP_PROXY for an http target', () => {
    expect(environmentProxyFor(new URL('http://a.test/'), { HTTPS_PROXY: 'http://s:1' })).toBeUndefined();
    expect(environmentProxyFor(new URL('http://a.test/'), { HTTP_PROXY: 'http://h:1' })).toBe('http://h:1');
  });
});

describe('decodeContent', () => {
  it('undoes gzip, x-gzip, deflate and br, in the reverse of the order they were applied', () => {
    const text = Buffer.from('{"items":[]}');
    expect(decodeContent(gzipSync(text), 'gzip', 1000)).toEqual({ body: text });
    expect(decodeContent(gzipSync(text), 'X-GZIP', 1000)).toEqual({ body: text });
    expect(decodeContent(deflateSync(text), 'deflate', 1000)).toEqual({ body: text });
    expect(decodeContent(brotliCompressSync(text), 'br', 1000)).toEqual({ body: text });
    expect(decodeContent(brotliCompressSync(gzipSync(text)), 'gzip, br', 1000)).toEqual({ body: text });
    expect(decodeContent(text, 'identity', 1000)).toEqual({ body: text });
  });

  it('names a coding it does not know, and stops a body that decodes past the limit', () => {
    expect(decodeContent(Buffer.from('x'), 'zstd', 1000)).toEqual({
      error: 'Content-Encoding zstd, which the kit cannot decode (it reads gzip, deflate, br)',
    });
    const bomb = gzipSync(Buffer.alloc(100_000));
    const out = decodeContent(bomb, 'gzip', 1000);
    expect('error' in out && out.error).toMatch(/does not decode/);
  });
});
