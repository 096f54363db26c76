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
  /** Runs sent side by side (see {@link screen}); 1: fast-check's own runner, one run after the other. */
  concurrency: number;
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
  /** Starts the budget for a failure seen outside `run` (a screened run). */
  failed: () => void;
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
  return { run, failed: () => void (firstFailureAt ??= Date.now()), cut: () => shrinkCut };
}

/** fast-check's parameters of a property: the same for generating its values and for running it. */
interface CheckParameters<T> {
  seed: number;
  numRuns: number;
  examples: [T][];
  path?: string;
}

/** What screening a property's runs found: the first failing run (by index) and what it threw, or none. */
interface Screened {
  firstFailure?: { index: number; error: unknown };
  /** Runs completed; fewer than generated when the time limit stopped it. */
  done: number;
  interrupted: boolean;
}

/**
 * Sends a property's runs side by side, up to `concurrency` at a time. The values are the ones fast-check's runner
 * gives with the same seed, in the same order: fast-check generates them (with a property that only records them, so
 * nothing is sent), and generation does not depend on what the runs answer. Runs start in index order; once a run
 * fails, no run after it starts, and the ones before it complete, so the failure kept is the one a sequential runner
 * meets first. The window opens as runs pass (one more run in flight per run passed): a property that fails at once,
 * as most do against a broken server, costs what it costs run by run, not `concurrency` failing runs.
 */
async function screen<T>(
  spec: PropertySpec<T>,
  parameters: CheckParameters<T>,
  concurrency: number,
): Promise<Screened> {
  const values: T[] = [];
  fc.check(
    fc.property(spec.arb, (v) => void values.push(v)),
    parameters,
  );
  const t0 = Date.now();
  const inFlight = new Set<Promise<void>>();
  let next = 0;
  let done = 0;
  let interrupted = false;
  let firstFailure: Screened['firstFailure'];
  const start = (i: number) => {
    const run: Promise<void> = spec
      .predicate(values[i]!)
      .then(
        () => void done++,
        (error: unknown) => {
          if (firstFailure === undefined || i < firstFailure.index) firstFailure = { index: i, error };
        },
      )
      .finally(() => inFlight.delete(run));
    inFlight.add(run);
  };
  for (;;) {
    while (next < values.length && (firstFailure === undefined || next < firstFailure.index)) {
      if (inFlight.size >= Math.min(concurrency, done + 1)) break;
      if (Date.now() - t0 > PROPERTY_TIME_LIMIT_MS) {
        interrupted = true;
        break;
      }
      start(next++);
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight);
  }
  return { ...(firstFailure ? { firstFailure } : {}), done, interrupted };
}

/**
 * The predicate fast-check runs after a screened failure: the runs before it passed (they are not sent again), the
 * failing run throws what it threw, and every shrinking candidate after it is sent for real, one at a time. fast-check
 * calls the predicate once per run in index order, then once per candidate, so it shrinks from the same value along
 * the same path as a sequential run, and the reported `--path` replays it.
 */
function replaying<T>(
  failure: { index: number; error: unknown },
  bounded: ReturnType<typeof shrinkBounded<T>>,
): (value: T) => Promise<void> {
  let call = 0;
  return async (value) => {
    const i = call++;
    if (i < failure.index) return;
    if (i === failure.index) {
      bounded.failed();
      throw failure.error;
    }
    await bounded.run(value);
  };
}

/**
 * Runs one fast-check property with a seed derived from the run's, a time limit and a shrinking budget. Resolves to
 * the shrunk failure as a violation (with the options that replay it), or undefined when the property held. At a
 * concurrency above 1 the runs are screened side by side first ({@link screen}); a replay (`--path`) goes straight to
 * fast-check.
 */
export async function runProperty<T>(setup: PropertySetup, spec: PropertySpec<T>): Promise<Violation | undefined> {
  const { name } = spec;
  const bounded = shrinkBounded(spec.predicate);
  const path = setup.paths[name];
  const parameters: CheckParameters<T> = {
    seed: deriveSeed(setup.seed, `${setup.checkId}/${name}`),
    // fast-check counts examples within numRuns: they are added so every example runs on top of the generated runs.
    numRuns: (spec.numRuns ?? setup.runs) + (spec.examples?.length ?? 0),
    examples: (spec.examples ?? []).map((e): [T] => [e]),
    ...(path !== undefined ? { path } : {}),
  };
  let predicate = bounded.run;
  if (setup.concurrency > 1 && path === undefined) {
    const screened = await screen(spec, parameters, setup.concurrency);
    if (!screened.firstFailure) {
      if (screened.interrupted)
        setup.note(`${name}: interrupted after ${PROPERTY_TIME_LIMIT_MS} ms, ${screened.done} runs done`);
      return undefined;
    }
    predicate = replaying(screened.firstFailure, bounded);
  }
  const details = await fc.check(fc.asyncProperty(spec.arb, predicate), {
    ...parameters,
    interruptAfterTimeLimit: PROPERTY_TIME_LIMIT_MS,
    markInterruptAsFailure: false,
  });
  if (details.interrupted)
    setup.note(`${name}: interrupted after ${PROPERTY_TIME_LIMIT_MS} ms, ${details.numRuns} runs done`);
  if (!details.failed) return undefined;
  return violationOf(setup, name, details, bounded.cut());
}

/** The shrunk failure as a violation, with the options that replay it. */
function violationOf<T>(setup: PropertySetup, name: string, details: fc.RunDetails<[T]>, cut: boolean): Violation {
  if (cut)
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
