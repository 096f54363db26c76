import { loadContract, type Contract } from '../../contract/src/index.js';
import { apiModel } from './api-model.js';
import { checkContext } from './check-context.js';
import { catalogue } from './checks/index.js';
import { ConformanceError } from './errors.js';
import { buildReport, ranResult, skippedResult } from './report.js';
import { resolveTarget } from './resolve-target.js';
import { runSettings, type RunSettings } from './run-settings.js';
import { RunSession } from './run-session.js';
import { scrubber, scrubDeep } from './scrub.js';
import { isRedirect, type Exchange } from './http-client.js';
import { runScheduled, type Claim, type Job } from './scheduler.js';
import { SWEEP_ID } from './sweep.js';
import type { Check, CheckContext, CheckResult, ConformanceOptions, Report, Violation } from './types.js';

export { deriveSeed } from './property-runner.js';
export { responseExcerpt } from './evidence.js';

/** The spec the run checks against; rejects with `SPEC_UNREADABLE` when the contract library cannot load it. */
function loadRunContract(specPath: string): Contract {
  try {
    return loadContract(specPath);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new ConformanceError('SPEC_UNREADABLE', `cannot load the spec ${specPath}: ${reason}`, { cause: e });
  }
}

/** Why a check does not run in this run, or undefined when it runs. */
function skipReasonOf(check: Check, settings: RunSettings, otherEndpointId: string | undefined): string | undefined {
  if (!check.profiles.includes(settings.profile)) return `not in the ${settings.profile} profile`;
  if (settings.only.length > 0 && !settings.only.includes(check.id)) return 'not selected by --only';
  if (settings.skip.includes(check.id)) return 'skipped by --skip';
  if (check.requires?.includes('otherEndpoint') && otherEndpointId === undefined)
    return 'needs a second --endpoint-id (an Endpoint that exists on the target)';
  return undefined;
}

/**
 * A check never passes on answers it could not see: a redirect (never followed) or a response cut short (over the
 * size limit, past the timeout, reset) among its exchanges fails it, naming the first and counting the rest.
 */
function unjudged(exchanges: readonly Exchange[], ctx: CheckContext): Violation[] {
  const hidden = exchanges.filter((ex) => isRedirect(ex.status) || ex.incomplete === true);
  const first = hidden[0];
  if (!first) return [];
  const more = hidden.length > 1 ? ` (and ${hidden.length - 1} more such responses)` : '';
  const what = `${first.method} ${first.url} (sent by ${first.checkId}): status ${first.status}, ${first.error ?? ''}`;
  return [ctx.violation(`a response the check could not judge: ${what}${more}`, first)];
}

/** The exchanges a check is answerable for: its own, and the sweep's when the sweep ran while the check did. */
function ownExchanges(session: RunSession, check: Check, fromIndex: number): Exchange[] {
  return session.http.exchanges.slice(fromIndex).filter((ex) => ex.checkId === check.id || ex.checkId === SWEEP_ID);
}

/** Runs one check and cleans up after it; a check that throws fails with what it threw. */
async function runCheck(session: RunSession, settings: RunSettings, check: Check): Promise<CheckResult> {
  const t0 = Date.now();
  const before = session.http.exchanges.length;
  const notes: string[] = [];
  const ctx = checkContext(session, settings, check, notes);
  let violations: Violation[];
  try {
    violations = await check.run(ctx);
  } catch (e) {
    const what = e instanceof Error ? (e.stack ?? e.message) : String(e);
    violations = [{ message: `the check could not complete: ${what}` }];
  }
  await ctx.cleanup();
  const own = ownExchanges(session, check, before);
  if (violations.length === 0) violations = unjudged(own, ctx);
  return ranResult(session.contract, check, { violations, notes, durationMs: Date.now() - t0, requests: own.length });
}

/**
 * What a check claims while it runs (see scheduler.ts): the Endpoints it uses, shared or exclusive, and the run's
 * traffic, which a check that reviews it needs to itself (every check adds to it).
 */
function claimsOf(check: Check, target: { endpointId: string; otherEndpointId?: string | undefined }): Claim[] {
  const endpoints = [target.endpointId];
  if (check.requires?.includes('otherEndpoint') && target.otherEndpointId !== undefined)
    endpoints.push(target.otherEndpointId);
  return [
    ...endpoints.map((id) => ({ resource: `endpoint ${id}`, exclusive: check.endpointUse === 'exclusive' })),
    { resource: 'traffic', exclusive: check.reviewsRun === true },
  ];
}

/**
 * Runs (or skips) every check of the catalogue, side by side where their claims allow (at concurrency 1, one at a
 * time in order). Results, and the progress the options' callbacks report, come in catalogue order.
 */
async function runCatalogue(
  session: RunSession,
  settings: RunSettings,
  options: ConformanceOptions,
  scrub: (text: string) => string,
): Promise<CheckResult[]> {
  const total = catalogue.length;
  const finished: (CheckResult | undefined)[] = new Array<CheckResult | undefined>(total);
  let reported = 0;
  const report = () => {
    for (let r = finished[reported]; r !== undefined && reported < total; r = finished[reported]) {
      options.onCheckEnd?.(scrubDeep(r, scrub), reported, total);
      reported++;
    }
  };
  const sequential = settings.concurrency === 1;
  const jobs = catalogue.map((check, index): Job<CheckResult> => {
    const skipReason = skipReasonOf(check, settings, session.target.otherEndpointId);
    const claims = skipReason ? [] : claimsOf(check, session.target);
    return {
      // At concurrency 1 every check runs alone, as every check did before checks ran side by side.
      claims: sequential ? claims.map((c) => ({ ...c, exclusive: true })) : claims,
      run: async () => {
        if (!skipReason) options.onCheckStart?.(check, index, total);
        const result = skipReason
          ? skippedResult(session.contract, check, skipReason)
          : await runCheck(session, settings, check);
        finished[index] = result;
        report();
        return result;
      },
    };
  });
  return runScheduled(jobs);
}

/**
 * Runs the conformance suite against `options.target`, or against what `options.start` starts, and returns
 * the report. The report is scrubbed: it never contains the API key or a created plaintext key. Rejects with
 * {@link ConformanceError} when the run cannot start (bad options, unreadable spec, unreachable target); its `code`
 * says which.
 */
export async function runConformance(options: ConformanceOptions): Promise<Report> {
  const settings = runSettings(options);
  const contract = loadRunContract(settings.specPath);
  const api = apiModel(contract);
  const target = await resolveTarget(options, api, settings);
  const startedAt = new Date();
  const unboundedCheckIds = new Set(catalogue.filter((c) => c.simultaneousRequests !== undefined).map((c) => c.id));
  const session = new RunSession(contract, api, target, { ...settings, unboundedCheckIds });
  const scrub = scrubber(target.apiKey, session.secrets);
  try {
    await session.preflight();
    const results = await runCatalogue(session, settings, options, scrub);
    if (settings.cleanup) await session.deleteIds(session.liveIds(), 'cleanup');
    return scrubDeep(buildReport(session, settings, results, startedAt), scrub);
  } finally {
    await session.close();
  }
}
