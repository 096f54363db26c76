import fc from 'fast-check';
import type { ApiModel } from './api-model.js';
import { wellFormed } from './arbitraries.js';
import { ConformanceError } from './errors.js';
import type { ConformanceOptions, PreparedTarget, StartedTarget, StartTarget, UrlTarget } from './types.js';

/** The implementation a run talks to, its credentials and Endpoints; `started` when the run started it. */
export interface ResolvedTarget {
  url: URL;
  apiKey: string;
  endpointId: string;
  otherEndpointId: string | undefined;
  /** The implementation the run started (and stops when it ends), or undefined for `--target`. */
  started: StartedTarget | undefined;
}

/**
 * Starts the implementation (`options.start`) or checks the `--target` options, then checks the Endpoint ids against
 * the spec. Rejects with a {@link ConformanceError}; a target the run started is stopped first.
 */
export async function resolveTarget(
  options: ConformanceOptions,
  api: ApiModel,
  setup: { specPath: string; seed: number; prepared?: PreparedTarget | undefined },
): Promise<ResolvedTarget> {
  const resolved = 'start' in options ? await startTarget(options, api, setup) : urlTarget(options);
  try {
    checkEndpointIds(resolved, api);
  } catch (e) {
    await resolved.started?.close();
    throw e;
  }
  return resolved;
}

/** Starts the implementation with two Endpoints whose ids are drawn from the spec's pattern (for endpoint-isolation). */
async function startTarget(
  options: StartTarget,
  api: ApiModel,
  setup: { specPath: string; seed: number; prepared?: PreparedTarget | undefined },
): Promise<ResolvedTarget> {
  const arb = fc.uniqueArray(wellFormed(api.endpointParam), { minLength: 2, maxLength: 2 });
  const endpointIds = fc.sample(arb, { numRuns: 1, seed: setup.seed })[0] ?? [];
  let started: StartedTarget;
  try {
    started = await (setup.prepared
      ? setup.prepared.start(endpointIds)
      : options.start({ specPath: setup.specPath, endpointIds }));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new ConformanceError('TARGET_START_FAILED', `the target could not start: ${reason}`, { cause: e });
  }
  const endpointId = started.endpointIds[0];
  if (endpointId === undefined) {
    await started.close();
    throw new ConformanceError('TARGET_START_FAILED', 'the started target has no Endpoint');
  }
  return {
    url: new URL(started.url),
    apiKey: started.apiKey,
    endpointId,
    otherEndpointId: started.endpointIds[1],
    started,
  };
}

/** Checks the `--target` options: an http(s) URL, an API key and an Endpoint id. */
function urlTarget(options: UrlTarget): ResolvedTarget {
  let url: URL;
  try {
    url = new URL(options.target);
  } catch (e) {
    throw new ConformanceError('USAGE', `--target is not a URL: ${options.target}`, { cause: e });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConformanceError('USAGE', `--target must be http(s): ${options.target}`);
  if (!options.apiKey)
    throw new ConformanceError('USAGE', 'an API key is required with --target (--api-key or APIKEYS_KIT_API_KEY)');
  if (!options.endpointId) throw new ConformanceError('USAGE', '--endpoint-id is required with --target');
  return {
    url,
    apiKey: options.apiKey,
    endpointId: options.endpointId,
    otherEndpointId: options.otherEndpointId,
    started: undefined,
  };
}

/** Each Endpoint id matches the spec's Endpoint parameter, and the two differ. */
function checkEndpointIds(target: ResolvedTarget, api: ApiModel): void {
  for (const id of [target.endpointId, target.otherEndpointId]) {
    if (id !== undefined && !api.endpointParam.validate(id))
      throw new ConformanceError(
        'USAGE',
        `--endpoint-id ${JSON.stringify(id)} does not match the spec's ${api.endpointParam.name} schema`,
      );
  }
  if (target.otherEndpointId === target.endpointId)
    throw new ConformanceError('USAGE', 'the two --endpoint-id values must differ');
}
