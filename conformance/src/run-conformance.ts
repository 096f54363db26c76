import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { wellFormed } from './arbitraries.js';
import { bundledSpecPath, loadContract, packageRoot } from '../../contract/src/index.js';
import { apiModel } from './api-model.js';
import { catalogue } from './checks/index.js';
import { Coverage } from './coverage.js';
import { curlOf } from './curl.js';
import { ruleText } from './rule-text.js';
import { ConformanceError, PropertyFailure } from './errors.js';
import { entitiesOf, HttpClient, type Exchange, type RequestSpec } from './http-client.js';
import { scrubber, scrubDeep } from './scrub.js';
import { SecretTracker } from './secret-tracker.js';
import type {
  Check,
  CheckContext,
  CheckResult,
  ConformanceOptions,
  Profile,
  Report,
  StartedTarget,
  Violation,
} from './types.js';

const DEFAULTS = { runs: 100, profile: 'full' as Profile, timeoutMs: 10_000, clockSkewSeconds: 60 };
/** Per-property wall-clock budget; a property interrupted by it is reported as a note, not a pass or failure. */
const PROPERTY_TIME_LIMIT_MS = 60_000;
/**
 * Shrinking budget once a property has failed: every shrink step is real HTTP traffic, and a long string can
 * take thousands of steps. After the budget, further candidates are not sent (they count as passing), so
 * fast-check stops at the smallest counterexample found so far.
 */
const SHRINK_BUDGET_MS = 3_000;

/**
 * A counterexample as people read it: an operation drawn by a generator is shown by its operationId, not as the
 * whole derived object (schemas, validators, examples).
 */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (typeof o['operationId'] === 'string' && o['pathRegex'] instanceof RegExp)
      return `operation ${o['operationId']}`;
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, compact(v)]));
  }
  return value;
}
const BODY_EXCERPT = 2000;

/** 32-bit FNV-1a: derives a per-property seed from the run's seed, so `--only ID` replays the same inputs. */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (const ch of label) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** A report-ready excerpt of a response. */
export function responseExcerpt(ex: Exchange): NonNullable<Violation['response']> {
  const body =
    ex.body.length > BODY_EXCERPT ? `${ex.body.slice(0, BODY_EXCERPT)}… (${ex.body.length} characters)` : ex.body;
  return { status: ex.status, headers: { ...ex.headers }, body: ex.error ? `${body}[${ex.error}]` : body };
}

function fail(message: string): never {
  throw new ConformanceError('USAGE', message);
}

/**
 * Runs the conformance suite against `options.target`, or against what `options.start` starts, and returns
 * the report. The report is scrubbed: it never contains the API key or a created plaintext key. Rejects with
 * {@link ConformanceError} when the run cannot start (bad options, unreachable target).
 */
export async function runConformance(options: ConformanceOptions): Promise<Report> {
  const runs = options.runs ?? DEFAULTS.runs;
  if (!Number.isInteger(runs) || runs < 1)
    throw new ConformanceError('USAGE', `runs must be a positive integer, got ${runs}`);
  const profile = options.profile ?? DEFAULTS.profile;
  const seed = options.seed ?? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const clockSkewSeconds = options.clockSkewSeconds ?? DEFAULTS.clockSkewSeconds;
  const cleanupEnabled = options.cleanup ?? true;
  const specPath = options.specPath ?? bundledSpecPath();
  const known = new Set(catalogue.map((c) => c.id));
  for (const id of [...(options.only ?? []), ...(options.skip ?? [])]) {
    if (!known.has(id)) throw new ConformanceError('USAGE', `unknown check id "${id}" (see --list)`);
  }

  let contract;
  try {
    contract = loadContract(specPath);
  } catch (e) {
    throw new ConformanceError('USAGE', `cannot load the spec ${specPath}: ${(e as Error).message}`);
  }
  const api = apiModel(contract);
  const ruleTextOf = (check: Check): { ruleText?: string } => {
    const text = ruleText(contract.document, check.rule);
    return text === undefined ? {} : { ruleText: text };
  };

  let server: StartedTarget | undefined;
  let target: URL;
  let apiKey: string;
  let endpointId: string;
  let otherEndpointId: string | undefined;
  if ('start' in options) {
    // Two Endpoints, ids drawn from the spec's pattern, so endpoint-isolation runs against a started target too.
    const ids = fc.sample(fc.uniqueArray(wellFormed(api.endpointParam), { minLength: 2, maxLength: 2 }), {
      numRuns: 1,
      seed,
    })[0]!;
    server = await options.start({ specPath, endpointIds: ids });
    target = new URL(server.url);
    apiKey = server.apiKey;
    endpointId = server.endpointIds[0] ?? (await server.close(), fail('the started target has no Endpoint'));
    otherEndpointId = server.endpointIds[1];
  } else {
    try {
      target = new URL(options.target);
    } catch {
      throw new ConformanceError('USAGE', `--target is not a URL: ${options.target}`);
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:')
      throw new ConformanceError('USAGE', `--target must be http(s): ${options.target}`);
    if (!options.apiKey)
      throw new ConformanceError('USAGE', 'an API key is required with --target (--api-key or APIKEYS_KIT_API_KEY)');
    if (!options.endpointId) throw new ConformanceError('USAGE', '--endpoint-id is required with --target');
    apiKey = options.apiKey;
    endpointId = options.endpointId;
    otherEndpointId = options.otherEndpointId;
  }
  for (const id of [endpointId, otherEndpointId]) {
    if (id !== undefined && !api.endpointParam.validate(id)) {
      await server?.close();
      throw new ConformanceError(
        'USAGE',
        `--endpoint-id ${JSON.stringify(id)} does not match the spec's ${api.endpointParam.name} schema`,
      );
    }
  }
  if (otherEndpointId === endpointId) {
    await server?.close();
    throw new ConformanceError('USAGE', 'the two --endpoint-id values must differ');
  }

  const startedAt = new Date();
  const secrets = new SecretTracker();
  const coverage = new Coverage(contract);
  const http = new HttpClient({ target, apiKey, contract, coverage, secrets, timeoutMs });
  const scrub = scrubber(apiKey, secrets);
  /** id -> still live (not yet seen deleted). */
  const createdIds = new Map<string, boolean>();

  const send = async (spec: RequestSpec, checkId: string): Promise<Exchange> => {
    const ex = await http.request(spec, checkId);
    if (spec.operation === api.create && ex.status >= 200 && ex.status < 300) {
      for (const e of entitiesOf(ex))
        if (typeof e[api.idField] === 'string') createdIds.set(e[api.idField] as string, true);
    }
    if (spec.operation === api.remove && (ex.status === 204 || ex.status === 404)) {
      const id = decodeURIComponent(spec.path.split('?')[0]!.split('/').pop() ?? '');
      if (createdIds.has(id)) createdIds.set(id, false);
    }
    return ex;
  };
  const deleteIds = async (ids: string[], checkId: string) => {
    const queue = [...ids];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        await send({ method: api.remove.method, path: api.itemPath(endpointId, id), operation: api.remove }, checkId);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  };

  try {
    const preflight = await http.request(
      { method: api.list.method, path: api.collectionPath(endpointId), operation: api.list },
      'preflight',
    );
    if (preflight.status === 0) {
      throw new ConformanceError(
        'TARGET_UNREACHABLE',
        `target ${target.href} is unreachable: ${preflight.error ?? 'no response'}`,
      );
    }

    const chosen = (c: Check): string | undefined => {
      if (!c.profiles.includes(profile)) return `not in the ${profile} profile`;
      if (options.only && options.only.length > 0 && !options.only.includes(c.id)) return 'not selected by --only';
      if (options.skip?.includes(c.id)) return 'skipped by --skip';
      return undefined;
    };
    const selected = (c: Check): string | undefined =>
      chosen(c) ??
      (c.requires?.includes('otherEndpoint') && otherEndpointId === undefined
        ? 'needs a second --endpoint-id (an Endpoint that exists on the target)'
        : undefined);
    const results: CheckResult[] = [];
    for (const [index, check] of catalogue.entries()) {
      const skipReason = selected(check);
      if (skipReason) {
        const r: CheckResult = {
          id: check.id,
          title: check.title,
          rule: check.rule,
          ...ruleTextOf(check),
          status: 'skipped',
          durationMs: 0,
          requests: 0,
          skipReason,
          violations: [],
          notes: [],
        };
        results.push(r);
        options.onCheckEnd?.(scrubDeep(r, scrub), index, catalogue.length);
        continue;
      }
      options.onCheckStart?.(check, index, catalogue.length);
      const t0 = Date.now();
      const before = http.exchanges.length;
      const notes: string[] = [];
      const mine = new Set<string>();
      const ctx: CheckContext = {
        contract,
        api,
        http,
        secrets,
        endpointId,
        otherEndpointId,
        runs,
        seed,
        profile,
        clockSkewSeconds,
        note: (t) => void notes.push(t),
        request: async (spec) => {
          const ex = await send(spec, check.id);
          if (spec.operation === api.create)
            for (const e of entitiesOf(ex)) if (typeof e[api.idField] === 'string') mine.add(e[api.idField] as string);
          return ex;
        },
        created: (id) => void mine.add(id),
        cleanup: async () => {
          if (!cleanupEnabled) return;
          await deleteIds(
            [...mine].filter((id) => createdIds.get(id) === true),
            check.id,
          );
          mine.clear();
        },
        exchanges: () => http.exchanges,
        violation: (message, ex, counterexample) => {
          const v: Violation = { message };
          if (counterexample !== undefined) v.counterexample = compact(counterexample);
          if (ex) {
            v.curl = curlOf(ex, contract.apiKeyHeader, apiKey);
            v.response = responseExcerpt(ex);
          }
          return v;
        },
        coverage: () => coverage.matrix(),
        property: async (name, arb, predicate, numRuns, examples) => {
          const propertySeed = deriveSeed(seed, `${check.id}/${name}`);
          let firstFailureAt: number | undefined;
          let shrinkCut = false;
          const bounded = async (value: Parameters<typeof predicate>[0]) => {
            if (firstFailureAt !== undefined && Date.now() - firstFailureAt > SHRINK_BUDGET_MS) {
              shrinkCut = true;
              return;
            }
            try {
              await predicate(value);
            } catch (e) {
              firstFailureAt ??= Date.now();
              throw e;
            }
          };
          const details = await fc.check(fc.asyncProperty(arb, bounded), {
            seed: propertySeed,
            // fast-check counts examples within numRuns: they are added so every example runs on top of the generated runs.
            numRuns: (numRuns ?? runs) + (examples?.length ?? 0),
            interruptAfterTimeLimit: PROPERTY_TIME_LIMIT_MS,
            markInterruptAsFailure: false,
            examples: (examples ?? []).map((e) => [e] as [typeof e]),
            ...(options.paths?.[name] !== undefined ? { path: options.paths[name] } : {}),
          });
          if (details.interrupted)
            notes.push(`${name}: interrupted after ${PROPERTY_TIME_LIMIT_MS} ms, ${details.numRuns} runs done`);
          if (!details.failed) return undefined;
          if (shrinkCut)
            notes.push(
              `${name}: shrinking stopped after ${SHRINK_BUDGET_MS} ms; the counterexample is the smallest found by then`,
            );
          const err = details.errorInstance;
          const v: Violation = {
            property: name,
            message: err instanceof Error ? err.message : String(err),
            counterexample: compact(details.counterexample?.[0]),
            seed: details.seed,
            replay: `--seed ${seed} --only ${check.id}${details.counterexamplePath ? ` --path '${name}=${details.counterexamplePath}'` : ''}`,
          };
          if (details.counterexamplePath) v.path = details.counterexamplePath;
          if (err instanceof PropertyFailure && err.exchange) {
            v.curl = curlOf(err.exchange, contract.apiKeyHeader, apiKey);
            v.response = responseExcerpt(err.exchange);
          }
          return v;
        },
      };
      let violations: Violation[];
      try {
        violations = await check.run(ctx);
      } catch (e) {
        violations = [
          { message: `the check could not complete: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` },
        ];
      }
      await ctx.cleanup();
      const r: CheckResult = {
        id: check.id,
        title: check.title,
        rule: check.rule,
        ...ruleTextOf(check),
        status: violations.length > 0 ? 'failed' : 'passed',
        durationMs: Date.now() - t0,
        requests: http.exchanges.length - before,
        violations,
        notes,
      };
      results.push(r);
      options.onCheckEnd?.(scrubDeep(r, scrub), index, catalogue.length);
    }

    if (cleanupEnabled)
      await deleteIds(
        [...createdIds].filter(([, live]) => live).map(([id]) => id),
        'cleanup',
      );

    const report: Report = {
      tool: 'apikeys-kit conformance',
      version: version(),
      target: server ? `${target.href} (started by the run)` : target.href,
      inProcess: server !== undefined,
      spec: specPath,
      profile,
      seed,
      runs,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      summary: {
        passed: results.filter((r) => r.status === 'passed').length,
        failed: results.filter((r) => r.status === 'failed').length,
        skipped: results.filter((r) => r.status === 'skipped').length,
        requests: http.exchanges.length,
      },
      checks: results,
      coverage: coverage.matrix(),
    };
    return scrubDeep(report, scrub);
  } finally {
    await http.close();
    await server?.close();
  }
}
