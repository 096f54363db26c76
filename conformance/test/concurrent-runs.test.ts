import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer, type ServeOptions } from '../../reference-server/src/index.js';
import { ConformanceError, runConformance, type ConformanceOptions, type Report } from '../src/index.js';
import { fault as lostUpdate } from './faults/gallery/lost-update-under-concurrency.js';
import { fault as namesTruncated } from './faults/gallery/names-truncated.js';
import { ENDPOINTS } from './faults/run.js';
import { astralFailingStore } from './support/astral-failing-store.js';

/**
 * A reference server (with `options`) that counts the requests it is handling at once, from arrival to the response
 * written. Each request waits a millisecond before the server handles it: the server answers most requests within one
 * turn of the event loop, so without the wait requests sent together would never be seen together.
 */
async function countingServer(options: Partial<ServeOptions> = {}) {
  const counts = { now: 0, max: 0 };
  const server = await createServer({
    log: () => undefined,
    endpointIds: ENDPOINTS,
    ...options,
    wrapHandler: (handler, contract) => {
      const inner = options.wrapHandler ? options.wrapHandler(handler, contract) : handler;
      return (req: IncomingMessage, res: ServerResponse) => {
        counts.now++;
        counts.max = Math.max(counts.max, counts.now);
        const end = res.end.bind(res);
        res.end = ((...args: Parameters<typeof end>) => {
          counts.now--;
          return end(...args);
        }) as ServerResponse['end'];
        setTimeout(() => inner(req, res), 1);
      };
    },
  });
  return { server, counts };
}

const against = (server: RunningServer, run: Partial<ConformanceOptions>): Promise<Report> =>
  runConformance({
    target: server.url,
    apiKey: server.apiKey,
    endpointId: server.endpointIds[0]!,
    otherEndpointId: server.endpointIds[1]!,
    runs: 5,
    seed: 3,
    ...run,
  });

/**
 * What must not depend on the concurrency: each check's status and the properties that failed. (Where shrinking ends
 * depends on its time budget, so counterexamples are compared where shrinking ends well within it, below.)
 */
const verdicts = (r: Report) =>
  r.checks.map((c) => ({ id: c.id, status: c.status, properties: c.violations.map((v) => v.property) }));

describe('--concurrency', () => {
  let counted: Awaited<ReturnType<typeof countingServer>>;
  /** One run at 1 and one at 4 against the same server, with the most requests in flight the server saw in each. */
  let one: { report: Report; max: number };
  let four: { report: Report; max: number };
  const counting = async (concurrency: number) => {
    counted.counts.max = 0;
    // Two checks send several requests at once by their rule: concurrency (20 creates) and malformed-requests (three
    // pipelined on one connection, which takes one slot of the bound).
    const report = await against(counted.server, { concurrency, skip: ['concurrency', 'malformed-requests'] });
    return { report, max: counted.counts.max };
  };
  beforeAll(async () => {
    counted = await countingServer();
    one = await counting(1);
    four = await counting(4);
  });
  afterAll(async () => {
    await counted.server.close();
  });

  it('at 1 sends one request at a time (every check but concurrency and malformed-requests, see above)', () => {
    expect(one.report.summary.failed).toBe(0);
    expect(one.max).toBe(1);
  });

  it('at 4 has more than one request in flight and never more than 4, with the verdicts of 1', () => {
    expect(four.max).toBeGreaterThan(1);
    expect(four.max).toBeLessThanOrEqual(4);
    expect(verdicts(four.report)).toEqual(verdicts(one.report));
  });

  it('still sends the concurrency check its 20 simultaneous creates at 1, so a lost update is caught', async () => {
    const { server, counts } = await countingServer(lostUpdate.apply());
    try {
      const report = await against(server, { concurrency: 1, only: ['concurrency'] });
      expect(report.checks.find((c) => c.id === 'concurrency')?.status).toBe('failed');
      expect(counts.max).toBeGreaterThan(1);
    } finally {
      await server.close();
    }
  });

  it('gives a fault the same verdicts at 1 and at 4', async () => {
    const { server } = await countingServer(namesTruncated.apply());
    try {
      const one = await against(server, { concurrency: 1 });
      const four = await against(server, { concurrency: 4 });
      expect(one.checks.find((c) => c.id === 'positive-names')?.status).toBe('failed');
      expect(verdicts(four)).toEqual(verdicts(one));
    } finally {
      await server.close();
    }
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %s as a USAGE error', async (concurrency) => {
    const run = against(counted.server, { concurrency });
    await expect(run).rejects.toBeInstanceOf(ConformanceError);
    await expect(run).rejects.toMatchObject({ code: 'USAGE' });
  });
});

/** A store that fails on astral characters (a utf8mb3 column): positive-names fails on a generated name and shrinks. */
describe('a property failure found with runs side by side', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await createServer({
      log: () => undefined,
      endpointIds: ENDPOINTS,
      store: astralFailingStore(),
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('has the counterexample and path of a sequential run, and its --path replays it', async () => {
    const run = { runs: 30, seed: 11, only: ['positive-names'] };
    const one = await against(server, { ...run, concurrency: 1 });
    const eight = await against(server, { ...run, concurrency: 8 });
    const v1 = one.checks.find((c) => c.id === 'positive-names')!.violations[0]!;
    const v8 = eight.checks.find((c) => c.id === 'positive-names')!.violations[0]!;
    expect(v1.path).toBeDefined();
    expect({ counterexample: v8.counterexample, path: v8.path, replay: v8.replay }).toEqual({
      counterexample: v1.counterexample,
      path: v1.path,
      replay: v1.replay,
    });
    const replayed = await against(server, { ...run, concurrency: 8, paths: { [v8.property!]: v8.path! } });
    expect(replayed.checks.find((c) => c.id === 'positive-names')!.violations[0]!.counterexample).toEqual(
      v8.counterexample,
    );
  });
});
