import { PassThrough } from 'node:stream';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { JSON_HEADERS, keysPath, startServer } from './support/start-server.js';

describe('close()', () => {
  it('stops accepting, lets an in-flight request finish, then resolves', async () => {
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const h = await startServer({
      wrapHandler: (handler) => (req, res) => {
        arrived();
        handler(req, res);
      },
    });
    const ep = h.server.endpointIds[0]!;
    const body = new PassThrough();
    body.write('{"name":');
    const inFlight = h.client.send('POST', keysPath(ep), { headers: JSON_HEADERS, body: body as never });
    await requestArrived;

    let closed = false;
    const closing = h.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 50));
    await expect(request(`${h.server.url}${keysPath(ep)}`, { method: 'GET' })).rejects.toThrow();
    expect(closed).toBe(false);

    body.end('"finished after close"}');
    const res = await inFlight;
    expect(res.status).toBe(201);
    expect(res.json.name).toBe('finished after close');
    await closing;
    expect(closed).toBe(true);
  });
});
