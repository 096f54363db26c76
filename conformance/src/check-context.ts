import type { RunSession } from './run-session.js';
import { compact, withExchange, withRawExchange } from './evidence.js';
import { runProperty } from './property-runner.js';
import type { RunSettings } from './run-settings.js';
import type { Check, CheckContext, Violation } from './types.js';

/**
 * The context one check runs in: its requests go through the session as the check, the keys it creates are deleted
 * by `cleanup()` (unless cleanup is off), its notes are collected in `notes`.
 */
export function checkContext(session: RunSession, settings: RunSettings, check: Check, notes: string[]): CheckContext {
  const { contract, api, http, secrets, coverage, target } = session;
  const evidence = { apiKeyHeader: contract.apiKeyHeader, apiKey: target.apiKey, extraHeaders: http.extraHeaders };
  const note = (text: string): void => void notes.push(text);
  /** Keys this check created that it has not deleted yet. */
  const mine = new Set<string>();
  return {
    contract,
    api,
    http,
    secrets,
    endpointId: target.endpointId,
    otherEndpointId: target.otherEndpointId,
    runs: settings.runs,
    seed: settings.seed,
    profile: settings.profile,
    clockSkewSeconds: settings.clockSkewSeconds,
    note,
    request: async (spec) => {
      const ex = await session.send(spec, check.id);
      for (const id of session.createdBy(spec, ex)) mine.add(id);
      return ex;
    },
    raw: (spec) => session.http.raw(spec, check.id),
    rawViolation: (message, ex, shown) => withRawExchange({ message }, ex, target.url, evidence, shown),
    created: (id) => void mine.add(id),
    discard: async (ids) => {
      if (!settings.cleanup) return;
      const own = ids.filter((id) => mine.has(id));
      await session.deleteIds(
        own.filter((id) => session.isLive(id)),
        check.id,
      );
      for (const id of own) mine.delete(id);
    },
    cleanup: async () => {
      if (!settings.cleanup) return;
      await session.deleteIds(
        [...mine].filter((id) => session.isLive(id)),
        check.id,
      );
      mine.clear();
    },
    exchanges: () => http.exchanges,
    violation: (message, ex, counterexample) => {
      const v: Violation = { message };
      if (counterexample !== undefined) v.counterexample = compact(counterexample);
      return ex ? withExchange(v, ex, evidence) : v;
    },
    coverage: () => coverage.matrix(),
    property: (name, arb, predicate, numRuns, examples) =>
      runProperty(
        {
          checkId: check.id,
          seed: settings.seed,
          runs: settings.runs,
          paths: settings.paths,
          evidence,
          note,
          concurrency: check.sequentialProperties?.includes(name) ? 1 : settings.concurrency,
        },
        { name, arb, predicate, numRuns, examples },
      ),
  };
}
