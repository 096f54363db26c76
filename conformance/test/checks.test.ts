import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../../reference-server/src/index.js';
import { runConformance } from '../src/index.js';
import type { Report } from '../src/types.js';
import { startFaultyProxy, type Fault, type ProxyResponse } from './support/faulty-proxy.js';

const HEX_RUN = /[0-9a-f]{64}/;
const isCollection = (url: string) => /\/apikeys(\?|$)/.test(url);
const isItem = (url: string) => /\/apikeys\/[^/?]+(\?|$)/.test(url);

/**
 * One deliberately wrong implementation per check: each must make that check fail (and the run exit 1), while the
 * correct reference server passes it. A check that cannot fail is a defect.
 */
/** Two Endpoints, so endpoint-isolation runs (test data: any ids matching the spec's pattern). */
const ENDPOINTS = ['64f1c2a9b8e7d6c5b4a39281', '650a8d2c6f1e4b0012ab34ce'];

const faults: Record<string, { fault?: Fault; clock?: () => number }> = {
  'endpoint-isolation': {
    // Broken object level authorization: a key path under the second Endpoint is served from the first one.
    fault: (r, fwd) => {
      r.url = r.url.replace(`/endpoints/${ENDPOINTS[1]}/apikeys/`, `/endpoints/${ENDPOINTS[0]}/apikeys/`);
      return fwd(r);
    },
  },
  'positive-names': {
    fault: (r, fwd) => {
      if (r.method === 'POST' && r.body.startsWith('{')) {
        const v = JSON.parse(r.body) as { name?: unknown };
        if (typeof v.name === 'string') r.body = JSON.stringify({ ...v, name: v.name.normalize('NFC') });
      }
      return fwd(r);
    },
  },
  'negative-inputs': {
    fault: (r, fwd) => {
      if (r.method === 'POST') {
        try {
          const v = JSON.parse(r.body) as Record<string, unknown>;
          if (v && typeof v === 'object' && 'name' in v) r.body = JSON.stringify({ name: v['name'] });
        } catch {
          /* not JSON: forward as is */
        }
      }
      return fwd(r);
    },
  },
  'body-too-large': {
    fault: (r, fwd) => {
      if (r.method === 'POST' && Buffer.byteLength(r.body) > 8192) r.body = JSON.stringify({ name: 'truncated' });
      return fwd(r);
    },
  },
  'auth-required': {
    fault: (r, fwd) => {
      if (!r.headers['x-api-key']) r.headers['x-api-key'] = apiKey;
      return fwd(r);
    },
  },
  'auth-wrong-key': {
    fault: (r, fwd) => {
      const k = r.headers['x-api-key'];
      if (k && k.slice(0, 8) === apiKey.slice(0, 8)) r.headers['x-api-key'] = apiKey;
      return fwd(r);
    },
  },
  'unknown-ids-404': {
    fault: async (r, fwd) => {
      const res = await fwd(r);
      if (res.status === 404 && r.method === 'GET' && isCollection(r.url)) {
        return {
          status: 200,
          headers: { 'content-type': 'application/json', vary: 'Accept' },
          body: JSON.stringify({ items: [], total: 0, nextCursor: null, previousCursor: null }),
        };
      }
      return res;
    },
  },
  'method-not-allowed': {
    fault: async (r, fwd) => {
      const res = await fwd(r);
      if (res.status === 405) res.headers['allow'] = `${res.headers['allow'] ?? ''}, PUT`;
      return res;
    },
  },
  'not-acceptable': {
    fault: (r, fwd) => {
      if ((r.headers['accept'] ?? '').includes('q=0')) delete r.headers['accept'];
      return fwd(r);
    },
  },
  'large-header-section': {
    // A front proxy with a 4 KiB header buffer.
    fault: (r, fwd) => {
      const size = Object.entries(r.headers).reduce((n, [k, v]) => n + Buffer.byteLength(`${k}: ${String(v)}\r\n`), 0);
      if (size > 4096)
        return Promise.resolve({
          status: 431,
          headers: { 'content-type': 'application/problem+json' },
          body: '{"type":"about:blank","title":"Too large","status":431,"detail":"Header section too large.","instance":"/","traceId":"00000000000000000000000000000000"}',
        });
      return fwd(r);
    },
  },
  'id-pattern-unique': {
    fault: async (r, fwd) => {
      const res = await fwd(r);
      if (res.status === 201 && res.headers['location'])
        res.headers['location'] = res.headers['location'].replace(/\/apikeys\//, '/keys/');
      return res;
    },
  },
  'preview-masking': {
    fault: async (r, fwd) => {
      const res = await fwd(r);
      if (res.status === 201)
        res.body = res.body.replace(
          /([0-9a-f]{4})\u2022{8}[0-9a-f]{4}/g,
          '$1\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u20220000',
        );
      return res;
    },
  },
  'timestamp-window': { clock: () => Date.now() - 3_600_000 },
  'timestamp-range': { clock: () => Date.now() * 1000 },
  lifecycle: {
    fault: (r, fwd) =>
      r.method === 'DELETE' && isItem(r.url)
        ? Promise.resolve<ProxyResponse>({ status: 204, headers: {}, body: '' })
        : fwd(r),
  },
  pagination: {
    fault: (r, fwd) => {
      r.url = r.url.replace(/([?&]limit=)(\d+)/, (_, p: string, n: string) => `${p}${Math.min(100, Number(n) + 1)}`);
      return fwd(r);
    },
  },
  concurrency: (() => {
    let inFlight: Promise<ProxyResponse> | undefined;
    const fault: Fault = async (r, fwd) => {
      if (r.method !== 'POST') return fwd(r);
      if (inFlight) return inFlight;
      inFlight = fwd(r);
      const res = await inFlight;
      setTimeout(() => (inFlight = undefined), 5);
      return res;
    };
    return { fault };
  })(),
  'key-randomness': {
    fault: async (r, fwd) => {
      const res = await fwd(r);
      if (res.status === 201) res.body = res.body.replace(/([0-9a-f]{10})[0-9a-f]([0-9a-f]{53})/, '$10$2');
      return res;
    },
  },
  'key-once-only': (() => {
    let last = '';
    const fault: Fault = async (r, fwd) => {
      const res = await fwd(r);
      const m = HEX_RUN.exec(res.body);
      if (res.status === 201 && m) last = m[0];
      else if (last && r.method === 'GET') res.headers['etag'] = `"${last.slice(20, 34)}"`;
      return res;
    };
    return { fault };
  })(),
  'no-store': {
    fault: async (r, fwd) => {
      const res = await fwd(r);
      if (res.status === 201 && (res.headers['content-type'] ?? '').startsWith('text/csv'))
        delete res.headers['cache-control'];
      return res;
    },
  },
  'never-5xx': {
    fault: (r, fwd) =>
      r.url.includes('/v2.0/')
        ? fwd(r)
        : Promise.resolve<ProxyResponse>({ status: 500, headers: { 'content-type': 'text/plain' }, body: 'boom' }),
  },
  'http-contract': {
    fault: async (r, fwd) => {
      const res = await fwd(r);
      if (res.status === 200 && isItem(r.url)) delete res.headers['vary'];
      return res;
    },
  },
};

let apiKey = '';
let reference: RunningServer;

beforeAll(async () => {
  reference = await createServer({ log: () => undefined, endpointIds: ENDPOINTS });
  apiKey = reference.apiKey;
});
afterAll(async () => {
  await reference.close();
});

async function runOnly(id: string, target: string, key: string, endpointId: string): Promise<Report> {
  return runConformance({
    target,
    apiKey: key,
    endpointId,
    otherEndpointId: ENDPOINTS[1]!,
    only: [id],
    runs: 25,
    seed: 42,
  });
}

describe('every check', () => {
  it('covers the whole catalogue with a faulty implementation', async () => {
    const { catalogue } = await import('../src/index.js');
    expect(Object.keys(faults).sort()).toEqual(
      catalogue
        .map((c) => c.id)
        .filter((id) => id !== 'coverage')
        .sort(),
    );
  });

  for (const [id, { fault, clock }] of Object.entries(faults)) {
    it(`${id} passes against the reference server and fails against a server that breaks its rule`, async () => {
      const good = await runOnly(id, reference.url, apiKey, reference.endpointIds[0]!);
      expect(good.checks.find((c) => c.id === id)?.violations).toEqual([]);

      const server = clock ? await createServer({ log: () => undefined, clock, endpointIds: ENDPOINTS }) : reference;
      const proxy = fault ? await startFaultyProxy(server.url, fault) : undefined;
      try {
        const bad = await runOnly(id, proxy?.url ?? server.url, server.apiKey, server.endpointIds[0]!);
        const result = bad.checks.find((c) => c.id === id)!;
        expect(result.status).toBe('failed');
        expect(result.violations.length).toBeGreaterThan(0);
        expect(bad.summary.failed).toBe(1);
      } finally {
        await proxy?.close();
        if (server !== reference) await server.close();
      }
    });
  }

  it('coverage fails the full profile when a documented response is never observed', async () => {
    const proxy = await startFaultyProxy(reference.url, async (r, fwd) => {
      const res = await fwd(r);
      return res.status === 413 ? { ...res, status: 400 } : res;
    });
    try {
      const report = await runConformance({
        target: proxy.url,
        apiKey,
        endpointId: reference.endpointIds[0]!,
        runs: 3,
        seed: 7,
      });
      const cov = report.checks.find((c) => c.id === 'coverage')!;
      expect(cov.status).toBe('failed');
      expect(cov.violations.map((v) => v.message)).toContain(
        'createEndpointApiKey 413 application/problem+json was never observed',
      );
    } finally {
      await proxy.close();
    }
  });
});
