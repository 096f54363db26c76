import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot, type Contract } from '../../contract/src/index.js';
import { ruleText } from './rule-text.js';
import type { RunSession } from './run-session.js';
import type { RunSettings } from './run-settings.js';
import type { Check, CheckResult, Report, Violation } from './types.js';

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

/** The run's report (not yet scrubbed). */
export function buildReport(
  session: RunSession,
  settings: RunSettings,
  results: CheckResult[],
  startedAt: Date,
): Report {
  const { url, started } = session.target;
  const count = (status: CheckResult['status']) => results.filter((r) => r.status === status).length;
  return {
    tool: 'apikeys-kit conformance',
    version: version(),
    target: started ? `${url.href} (started by the run)` : url.href,
    inProcess: started !== undefined,
    spec: settings.specPath,
    profile: settings.profile,
    seed: settings.seed,
    runs: settings.runs,
    options: {
      only: [...settings.only],
      skip: [...settings.skip],
      timeoutMs: settings.timeoutMs,
      maxResponseBytes: settings.maxResponseBytes,
      clockSkewSeconds: settings.clockSkewSeconds,
      cleanup: settings.cleanup,
      paths: { ...settings.paths },
    },
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    summary: {
      passed: count('passed'),
      failed: count('failed'),
      skipped: count('skipped'),
      requests: session.http.exchanges.length,
    },
    checks: results,
    coverage: session.coverage.matrix(),
  };
}
