import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/index.js';
import { JSON_HEADERS, keysPath, startServer, type Harness, logLine } from './support/start-server.js';

const MEDIA = ['application/json', 'application/hal+json', 'application/xml', 'text/xml', 'text/csv'];

describe('the plaintext key is returned once and kept nowhere', () => {
  let h: Harness;
  let store: MemoryStore;
  let ep: string;
  const keys = new Map<string, string>(); // _id -> plaintext

  beforeAll(async () => {
    store = new MemoryStore();
    h = await startServer({ store });
    ep = h.server.endpointIds[0]!;
    for (let i = 0; i < 150; i++) {
      const accept = MEDIA[i % MEDIA.length]!;
      const res = await h.client.send('POST', keysPath(ep), {
        headers: { ...JSON_HEADERS, accept },
        body: JSON.stringify({ name: `key ${i}` }),
      });
      const d = res.check.decoded!;
      const value = (d.representation === 'csv' ? d.rows[0] : d.value) as { key: string; _id: string };
      keys.set(value._id, value.key);
    }
    // Read everything back, in every representation; the client fails any response that carries a known key.
    for (const accept of MEDIA) {
      await h.client.send('GET', `${keysPath(ep)}?limit=100`, { headers: { accept } });
      for (const id of [...keys.keys()].slice(0, 10))
        await h.client.send('GET', keysPath(ep, id), { headers: { accept } });
    }
  });
  afterAll(() => h.close());

  it('keeps a SHA-256 digest, never the plaintext, after many creates', () => {
    const records = store.dump();
    expect(records).toHaveLength(150);
    const everything = JSON.stringify(records);
    for (const [id, key] of keys) {
      expect(everything).not.toContain(key);
      const record = records.find((r) => r._id === id)!;
      expect(record.keyDigest).toBe(createHash('sha256').update(key).digest('hex'));
      expect(Object.values(record)).not.toContain(key);
    }
  });

  it('never returns a key from list or read', () => {
    expect(h.client.plaintexts.size).toBe(150);
    const reads = h.client.observations.filter((o) => o.operationId !== 'createEndpointApiKey');
    expect(reads.length).toBeGreaterThan(50);
  });

  it('logs one JSON line per request with no key and no X-API-Key value', () => {
    expect(h.logs).toHaveLength(h.client.observations.length);
    const all = h.logs.join('\n');
    expect(all).not.toContain(h.server.apiKey);
    for (const key of keys.values()) expect(all).not.toContain(key);
    for (const line of h.logs) {
      expect(Object.keys(logLine(line))).toEqual(
        expect.arrayContaining(['method', 'route', 'status', 'durationMs', 'traceId']),
      );
    }
    expect(logLine(h.logs[0]!).route).toBe('/v2.0/endpoints/{endpointId}/apikeys');
  });
});
