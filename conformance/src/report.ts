import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot, type Contract } from '../../contract/src/index.js';
import { ruleText } from './rule-text.js';
import type { RunSession } from './run-session.js';
import type { RunSettings } from './run-settings.js';
import type { ExtraHeader } from './extra-header.js';
import type { Check, CheckResult, Report, ReportOptions, ReportSummary, Violation } from './types.js';

/** The kit's version, from its package.json. */
function version(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** The check's identity in a result: id, title, rule and the spec's text at the rule when it has one. */
function identity(contract: Contract, check: Check): Pick<CheckResult, 'id' | 'title' | 'rule' | 'ruleText'> {
  const text = ruleText(contract.document, check.rule);
  return { id: check.id, title: check.title, rule: check.rule, ...(text === undefined ? {} : { ruleText: text }) };
}

/** The result of a check that did not run, saying why. */
export function skippedResult(contract: Contract, check: Check, skipReason: string): CheckResult {
  return {
    ...identity(contract, check),
    status: 'skipped',
    durationMs: 0,
    requests: 0,
    skipReason,
    violations: [],
    notes: [],
  };
}

/** The result of a check that ran: failed when it found a violation. */
export function ranResult(
  contract: Contract,
  check: Check,
  outcome: { violations: Violation[]; notes: string[]; durationMs: number; requests: number },
): CheckResult {
  return {
    ...identity(contract, check),
    status: outcome.violations.length > 0 ? 'failed' : 'passed',
    durationMs: outcome.durationMs,
    requests: outcome.requests,
    violations: outcome.violations,
    notes: outcome.notes,
  };
}

/** The options of the run, as the report states them (header names only). */
function reportOptions(session: RunSession, settings: RunSettings, headers: readonly ExtraHeader[]): ReportOptions {
  return {
    only: [...settings.only],
    skip: [...settings.skip],
    paths: { ...settings.paths },
    timeoutMs: settings.timeoutMs,
    maxResponseBytes: settings.maxResponseBytes,
    clockSkewSeconds: settings.clockSkewSeconds,
    cleanup: settings.cleanup,
    rate: settings.rate ?? null,
    maxRetries: settings.maxRetries,
    maxRetryWaitSeconds: settings.maxRetryWaitSeconds,
    maxTimeSeconds: settings.maxTimeSeconds,
    headers: headers.map((h) => h.name),
    ca: settings.ca?.path ?? null,
    proxyUsed: session.http.proxyUsed(),
  };
}

function summaryOf(session: RunSession, results: readonly CheckResult[]): ReportSummary {
  const count = (status: CheckResult['status']) => results.filter((r) => r.status === status).length;
  const { exchanges, rawExchanges } = session.http;
  return {
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    requests: exchanges.length + rawExchanges.length,
    retries: [...exchanges, ...rawExchanges].reduce((n, ex) => n + (ex.retries ?? 0), 0),
    retryWaitMs: Math.round([...exchanges, ...rawExchanges].reduce((n, ex) => n + (ex.retryWaitMs ?? 0), 0)),
    timeLimitReached: session.http.pastDeadline(),
  };
}

/** The run's report (not yet scrubbed). */
export function buildReport(
  session: RunSession,
  settings: RunSettings,
  results: CheckResult[],
  run: { startedAt: Date; headers: readonly ExtraHeader[] },
): Report {
  const { url, started } = session.target;
  const { startedAt, headers } = run;
  return {
    tool: 'apikeys-kit conformance',
    version: version(),
    target: started ? `${url.href} (started by the run)` : url.href,
    inProcess: started !== undefined,
    spec: settings.specPath,
    profile: settings.profile,
    seed: settings.seed,
    runs: settings.runs,
    options: reportOptions(session, settings, headers),
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    summary: summaryOf(session, results),
    checks: results,
    coverage: session.coverage.matrix(),
  };
}
