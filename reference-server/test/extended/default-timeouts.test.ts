import { afterEach, describe, expect, it } from 'vitest';
import { rawSend } from '../support/raw-socket.js';
import { startServer, type Harness } from '../support/start-server.js';

// Issue 12, at the defaults: a 10-second wait, so it runs in npm run test:extended (CI), not in npm test.
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('6. timeouts hold within 1 s, at the defaults', () => {
  it('the default headers timeout is 10 s, within 1 s', async () => {
    h = await startServer();
    const c = await rawSend(h.server.url, 'GET / HTTP/1.1\r\nHost: a\r\n', { waitMs: 12_000 });
    expect(c.responses[0]?.status).toBe(408);
    expect(c.responses[0]?.headers['content-type']).toBe('application/problem+json');
    expect(c.elapsedMs).toBeGreaterThanOrEqual(9_950);
    expect(c.elapsedMs).toBeLessThan(11_000);
  }, 15_000);
});
