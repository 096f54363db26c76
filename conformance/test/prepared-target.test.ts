import { describe, expect, it } from 'vitest';
import { createServer } from '../../reference-server/src/index.js';
import { ConformanceError, runConformance, type StartedTarget, type StartTarget } from '../src/index.js';

/** A StartTarget (the reference server, on this thread) that records what the run asks of it, in order. */
function recordingTarget() {
  const calls: string[] = [];
  const startServer = async (endpointIds: readonly string[]): Promise<StartedTarget> => {
    const server = await createServer({ log: () => undefined, endpointIds: [...endpointIds] });
    return { url: server.url, apiKey: server.apiKey, endpointIds: server.endpointIds, close: () => server.close() };
  };
  const target: StartTarget = {
    start: ({ endpointIds }) => {
      calls.push('start');
      return startServer(endpointIds);
    },
    prepare: ({ specPath }) => {
      calls.push(`prepare ${specPath}`);
      return {
        start: (endpointIds) => {
          calls.push(`prepared start ${endpointIds.length}`);
          return startServer(endpointIds);
        },
        cancel: () => void calls.push('cancel'),
      };
    },
  };
  return { target, calls };
}

describe('a StartTarget that can prepare', () => {
  it('is prepared with the run spec before the kit loads it, then started through what prepare returned', async () => {
    const { target, calls } = recordingTarget();
    const report = await runConformance({ ...target, runs: 2, seed: 4, only: ['lifecycle'] });
    expect(report.summary).toMatchObject({ passed: 1, failed: 0 });
    expect(calls).toEqual([expect.stringMatching(/^prepare .*openapi\.json$/), 'prepared start 2']);
  });

  it('is cancelled, never started, when the run fails before starting it', async () => {
    const { target, calls } = recordingTarget();
    const run = runConformance({ ...target, specPath: '/no/such/spec.json' });
    await expect(run).rejects.toBeInstanceOf(ConformanceError);
    await expect(run).rejects.toMatchObject({ code: 'SPEC_UNREADABLE' });
    expect(calls).toEqual(['prepare /no/such/spec.json', 'cancel']);
  });
});
