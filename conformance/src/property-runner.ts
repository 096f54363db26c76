import fc from 'fast-check';
import { PropertyFailure } from './errors.js';
import { compact, withExchange, type EvidenceWriter } from './evidence.js';
import type { Violation } from './types.js';

/** Per-property wall-clock budget; a property interrupted by it is reported as a note, not a pass or failure. */
export const PROPERTY_TIME_LIMIT_MS = 60_000;
/**
 * Shrinking budget once a property has failed: every shrink step is real HTTP traffic, and a long string can
 * take thousands of steps. After the budget, further candidates are not sent (they count as passing), so
 * fast-check stops at the smallest counterexample found so far.
 */
export const SHRINK_BUDGET_MS = 3_000;

/** 32-bit FNV-1a: derives a per-property seed from the run's seed, so `--only ID` replays the same inputs. */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (const ch of label) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** What a property runs with besides its arbitrary and predicate. */
export interface PropertySetup {
  checkId: string;
  /** The run's seed (the property's own is derived from it) and default number of runs. */
  seed: number;
  runs: number;
  /** fast-check replay paths by property name. */
  paths: Readonly<Record<string, string>>;
  evidence: EvidenceWriter;
  note(text: string): void;
}

/** One property to run: see {@link CheckContext.property}. */
export interface PropertySpec<T> {
  name: string;
  arb: fc.Arbitrary<T>;
  predicate: (value: T) => Promise<void>;
  numRuns?: number | undefined;
  examples?: readonly T[] | undefined;
}

/** A predicate that stops sending candidates once shrinking has run for {@link SHRINK_BUDGET_MS}. */
function shrinkBounded<T>(predicate: (value: T) => Promise<void>): {
  run: (value: T) => Promise<void>;
  cut: () => boolean;
} {
  let firstFailureAt: number | undefined;
  let shrinkCut = false;
  const run = async (value: T) => {
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
  return { run, cut: () => shrinkCut };
}

/**
 * Runs one fast-check property with a seed derived from the run's, a time limit and a shrinking budget. Resolves to
 * the shrunk failure as a violation (with the options that replay it), or undefined when the property held.
 */
export async function runProperty<T>(setup: PropertySetup, spec: PropertySpec<T>): Promise<Violation | undefined> {
  const { name } = spec;
  const bounded = shrinkBounded(spec.predicate);
  const path = setup.paths[name];
  const details = await fc.check(fc.asyncProperty(spec.arb, bounded.run), {
    seed: deriveSeed(setup.seed, `${setup.checkId}/${name}`),
    // fast-check counts examples within numRuns: they are added so every example runs on top of the generated runs.
    numRuns: (spec.numRuns ?? setup.runs) + (spec.examples?.length ?? 0),
    interruptAfterTimeLimit: PROPERTY_TIME_LIMIT_MS,
    markInterruptAsFailure: false,
    examples: (spec.examples ?? []).map((e): [T] => [e]),
    ...(path !== undefined ? { path } : {}),
  });
  if (details.interrupted)
    setup.note(`${name}: interrupted after ${PROPERTY_TIME_LIMIT_MS} ms, ${details.numRuns} runs done`);
  if (!details.failed) return undefined;
  if (bounded.cut())
    setup.note(
      `${name}: shrinking stopped after ${SHRINK_BUDGET_MS} ms; the counterexample is the smallest found by then`,
    );
  const err = details.errorInstance;
  const replayPath = details.counterexamplePath ? ` --path '${name}=${details.counterexamplePath}'` : '';
  const v: Violation = {
    property: name,
    message: err instanceof Error ? err.message : String(err),
    counterexample: compact(details.counterexample?.[0]),
    seed: details.seed,
    replay: `--seed ${setup.seed} --only ${setup.checkId}${replayPath}`,
  };
  if (details.counterexamplePath) v.path = details.counterexamplePath;
  return err instanceof PropertyFailure && err.exchange ? withExchange(v, err.exchange, setup.evidence) : v;
}
