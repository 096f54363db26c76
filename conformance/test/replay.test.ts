import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../../reference-server/src/index.js';
import { runConformance, type ConformanceOptions } from '../src/index.js';
import { astralFailingStore } from './support/astral-failing-store.js';

/** A server whose store fails on astral characters, so positive-names fails with a shrunk counterexample. */
describe('replaying a failure', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await createServer({
      log: () => undefined,
      store: astralFailingStore(),
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('prints --seed, --only and --path options that reproduce the same counterexample with fewer requests', async () => {
    const options: ConformanceOptions = {
      target: server.url,
      apiKey: server.apiKey,
      endpointId: server.endpointIds[0]!,
      runs: 50,
      seed: 11,
      only: ['positive-names'],
    };
    const first = await runConformance(options);
    const violation = first.checks.find((c) => c.id === 'positive-names')!.violations[0]!;
    const m = /^--seed (\d+) --only positive-names --path '([^=]+)=([\d:]+)'$/.exec(violation.replay ?? '');
    expect(m, violation.replay).not.toBeNull();
    const replayed = await runConformance({ ...options, seed: Number(m![1]), paths: { [m![2]!]: m![3]! } });
    const again = replayed.checks.find((c) => c.id === 'positive-names')!.violations[0]!;
    expect(again.counterexample).toEqual(violation.counterexample);
    expect(replayed.summary.requests).toBeLessThan(first.summary.requests);
  });
});
