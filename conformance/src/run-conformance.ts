import { loadContract, type Contract } from '../../contract/src/index.js';
import { apiModel } from './api-model.js';
import { checkContext } from './check-context.js';
import { catalogue } from './checks/index.js';
import { environmentProxyFor } from './dispatcher.js';
import { ConformanceError } from './errors.js';
import type { ExtraHeader } from './extra-header.js';
import { extraHeaders } from './extra-headers.js';
import { buildReport, ranResult, skippedResult } from './report.js';
import { resolveTarget, type ResolvedTarget } from './resolve-target.js';
import { runSettings, type RunSettings } from './run-settings.js';
import { RunSession } from './run-session.js';
import { scrubber, scrubDeep, type GivenSecret } from './scrub.js';
import { isRedirect, type Exchange } from './exchange.js';
import { runScheduled, type Claim, type Job } from './scheduler.js';
import { SWEEP_ID } from './checks/sweep.js';
import type {
  Check,
  CheckContext,
  CheckResult,
  ConformanceOptions,
  PreparedTarget,
  Report,
  Violation,
} from './types.js';

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

/** A proxy URL as a report may show it: without its user and password. */
function redactUserinfo(proxy: string): string {
  try {
    const url = new URL(proxy);
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return '(an unparseable URL)';
  }
}

/** Why a check does not run in this run, or undefined when it runs. */
function skipReasonOf(check: Check, settings: RunSettings, target: ResolvedTarget): string | undefined {
  const { otherEndpointId } = target;
  if (!check.profiles.includes(settings.profile)) return `not in the ${settings.profile} profile`;
  if (settings.only.length > 0 && !settings.only.includes(check.id)) return 'not selected by --only';
  if (settings.skip.includes(check.id)) return 'skipped by --skip';
  if (check.requires?.includes('otherEndpoint') && otherEndpointId === undefined)
    return 'needs a second --endpoint-id (an Endpoint that exists on the target)';
  // A target the run started itself is never reached through the environment's proxy (run-session.ts).
  const proxy = target.started ? undefined : environmentProxyFor(target.url);
  if (check.requires?.includes('directConnection') && proxy !== undefined)
    return `needs a direct connection to the target: the run reaches it through the proxy ${redactUserinfo(proxy)} (HTTP_PROXY / HTTPS_PROXY; NO_PROXY does not name it), which would answer the check's malformed messages itself`;
  return undefined;
}

/**
 * A check never passes on answers it could not see: a redirect (never followed) or a response cut short (over the
 * size limit, past the timeout, reset) among its exchanges fails it, naming the first and counting the rest.
 */
function unjudged(exchanges: readonly Exchange[], ctx: CheckContext): Violation[] {
  const hidden = exchanges.filter(
    (ex) => isRedirect(ex.status) || ex.incomplete === true || ex.throttled === true || ex.pastDeadline === true,
  );
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
  const rawBefore = session.http.rawExchanges.length;
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
  const throttled = own.filter((ex) => ex.throttled === true);
  // A 429 or 503 the run gave up waiting out (--retries, --max-retry-wait, --max-time) is not the server's answer to
  // the request, which the spec lets it defer: the check says it could not judge, not what it would read into a 429.
  if (throttled.length > 0)
    violations = [
      ...violations.filter(
        (v) => v.response === undefined || !throttled.some((ex) => ex.status === v.response?.status),
      ),
      ...unjudged(throttled, ctx),
    ];
  if (violations.length === 0) violations = unjudged(own, ctx);
  const cut = own.find((ex) => ex.pastDeadline === true);
  if (cut)
    violations.unshift(
      ctx.violation(
        `the run's time limit (--max-time ${settings.maxTimeSeconds} s) was reached during this check: ${cut.error ?? ''}`,
      ),
    );
  const raw = session.http.rawExchanges.slice(rawBefore).filter((ex) => ex.checkId === check.id).length;
  return ranResult(session.contract, check, {
    violations,
    notes,
    durationMs: Date.now() - t0,
    requests: own.length + raw,
  });
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
    const skipReason = skipReasonOf(check, settings, session.target);
    const claims = skipReason ? [] : claimsOf(check, session.target);
    return {
      // At concurrency 1 every check runs alone, as every check did before checks ran side by side.
      claims: sequential ? claims.map((c) => ({ ...c, exclusive: true })) : claims,
      run: async () => {
        // The time limit is read when the check's turn comes: it may have passed while the check waited for it.
        const reason =
          skipReason ??
          (session.http.pastDeadline()
            ? `not run: the run's time limit (--max-time ${settings.maxTimeSeconds} s) was reached before it started`
            : undefined);
        if (!reason) options.onCheckStart?.(check, index, total);
        const result = reason
          ? skippedResult(session.contract, check, reason)
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
 * The preflight got nothing a check could judge (no response, or a 429/503 the run did not wait out): every check that
 * would run fails with that, naming what happened, and none is run.
 */
function notRun(session: RunSession, settings: RunSettings, preflight: Exchange): CheckResult[] {
  const what = `the target gave no usable answer to the run's first request (${preflight.method} ${preflight.url}): ${preflight.error ?? `status ${preflight.status}`}; the check was not run`;
  return catalogue.map((check) => {
    const skipReason = skipReasonOf(check, settings, session.target);
    if (skipReason) return skippedResult(session.contract, check, skipReason);
    const v = checkContext(session, settings, check, []).violation(what, preflight);
    return ranResult(session.contract, check, { violations: [v], notes: [], durationMs: 0, requests: 0 });
  });
}

/** The given secrets besides the API key: each extra header's value, written as its shell variable. */
function headerSecrets(headers: readonly ExtraHeader[]): GivenSecret[] {
  return headers.map((h) => ({ value: h.value, placeholder: `$${h.variable}`, label: h.name }));
}

/** The result of `run`; a prepared target is cancelled when it throws (the run ends before starting it). */
function cancelOnThrow<T>(prepared: PreparedTarget | undefined, run: () => T): T {
  try {
    return run();
  } catch (e) {
    prepared?.cancel();
    throw e;
  }
}

/**
 * Runs the conformance suite against `options.target`, or against what `options.start` starts, and returns
 * the report. The report is scrubbed: it never contains the API key, an extra header's value or a created plaintext
 * key. Rejects with {@link ConformanceError} when the run cannot start (bad options, unreadable spec, a target that
 * cannot be connected to); its `code` says which. A target that answers badly from the first request on still gets
 * a report.
 */
export async function runConformance(options: ConformanceOptions): Promise<Report> {
  const t0 = Date.now();
  const settings = runSettings(options);
  // The target gets ready (on its own thread, for the in-process one) while this thread loads the spec.
  const prepared = 'start' in options ? options.prepare?.({ specPath: settings.specPath }) : undefined;
  const { contract, headers, api } = cancelOnThrow(prepared, () => {
    const loaded = loadRunContract(settings.specPath);
    return { contract: loaded, headers: extraHeaders(settings.headers, loaded.apiKeyHeader), api: apiModel(loaded) };
  });
  const target = await resolveTarget(options, api, { ...settings, prepared });
  const startedAt = new Date();
  const unboundedCheckIds = new Set(catalogue.filter((c) => c.simultaneousRequests !== undefined).map((c) => c.id));
  const session = new RunSession(contract, api, target, { ...settings, unboundedCheckIds }, headers, t0);
  const scrub = scrubber(target.apiKey, session.secrets, headerSecrets(headers));
  try {
    const preflight = await session.preflight();
    let results: CheckResult[];
    if (preflight.status === 0 || preflight.throttled === true) {
      results = notRun(session, settings, preflight);
      for (const [i, r] of results.entries()) options.onCheckEnd?.(scrubDeep(r, scrub), i, results.length);
    } else results = await runCatalogue(session, settings, options, scrub);
    if (settings.cleanup && !session.http.pastDeadline()) await session.deleteIds(session.liveIds(), 'cleanup');
    return scrubDeep(buildReport(session, settings, results, { startedAt, headers }), scrub);
  } finally {
    await session.close();
  }
}
