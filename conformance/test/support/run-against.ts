import { createServer, type RunningServer, type ServeOptions } from '../../../reference-server/src/index.js';
import { runConformance, type ConformanceOptions, type Report } from '../../src/index.js';

// Short runs: every fault must be caught, and every legal variant pass, with few generated cases. A fixed seed keeps CI
// reproducible; the seed is in every failure message so a miss can be replayed with `apikeys-kit conformance --seed`.
export const SEED = 20261128;
export const RUNS = 10;

/** Two Endpoints, so endpoint-isolation runs too (test data: ids matching the spec's pattern). */
export const ENDPOINTS = ['64f1c2a9b8e7d6c5b4a39281', '650a8d2c6f1e4b0012ab34ce'];

/**
 * Runs the kit against a reference server started with `options` (a fault's serve options), at {@link RUNS} runs and
 * {@link SEED} unless `run` says otherwise (`only`, `seed`, `runs`, …).
 */
export async function runAgainst(
  options: Partial<ServeOptions>,
  run: Partial<ConformanceOptions> = {},
): Promise<Report> {
  const server: RunningServer = await createServer({ log: () => {}, endpointIds: ENDPOINTS, ...options });
  try {
    return await runConformance({
      target: server.url,
      apiKey: server.apiKey,
      endpointId: server.endpointIds[0]!,
      otherEndpointId: server.endpointIds[1]!,
      runs: RUNS,
      seed: SEED,
      ...run,
    });
  } finally {
    await server.close();
  }
}
