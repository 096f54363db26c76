import { bundledSpecPath } from '../../contract/src/index.js';
import { catalogue } from './checks/index.js';
import { ConformanceError } from './errors.js';
import type { ConformanceOptions, Profile } from './types.js';

/** The run's options with their defaults filled in and checked. */
export interface RunSettings {
  runs: number;
  profile: Profile;
  seed: number;
  timeoutMs: number;
  maxResponseBytes: number;
  clockSkewSeconds: number;
  /** Delete the keys the run created (each check's after it, the rest at the end). */
  cleanup: boolean;
  specPath: string;
  only: readonly string[];
  skip: readonly string[];
  paths: Readonly<Record<string, string>>;
  /** Requests in flight at most, and property runs sent side by side (1: one request at a time). */
  concurrency: number;
}

const DEFAULTS = {
  runs: 100,
  profile: 'full' as Profile,
  timeoutMs: 10_000,
  /** 256 KiB: far above any documented body (a full page of keys in XML is a few tens of KiB). */
  maxResponseBytes: 256 * 1024,
  clockSkewSeconds: 60,
  /**
   * 12: the widest part of a run (the shared checks at its start, half of its requests) fills 12 slots; past that the
   * run is bound by the checks that must have the Endpoint to themselves (list walks one page after another), so more
   * requests in flight only add load on the target. Measured through a 20 ms proxy (scripts/bench-latency.mjs): 8 in
   * flight 20.4 s, 12 17.3 s, one at a time 92 s; 16 was no faster than 12.
   */
  concurrency: 12,
};

/**
 * The settings of a run; rejects with a `USAGE` {@link ConformanceError} for a bad `runs`, `timeoutMs`,
 * `maxResponseBytes` or `concurrency`, or an unknown check id.
 */
export function runSettings(options: ConformanceOptions): RunSettings {
  const runs = options.runs ?? DEFAULTS.runs;
  if (!Number.isInteger(runs) || runs < 1)
    throw new ConformanceError('USAGE', `runs must be a positive integer, got ${runs}`);
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1)
    throw new ConformanceError('USAGE', `timeoutMs must be a positive integer, got ${timeoutMs}`);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULTS.maxResponseBytes;
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes < 1)
    throw new ConformanceError('USAGE', `maxResponseBytes must be a positive integer, got ${maxResponseBytes}`);
  const concurrency = options.concurrency ?? DEFAULTS.concurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new ConformanceError('USAGE', `concurrency must be a positive integer, got ${concurrency}`);
  const only = options.only ?? [];
  const skip = options.skip ?? [];
  const known = new Set(catalogue.map((c) => c.id));
  for (const id of [...only, ...skip]) {
    if (!known.has(id)) throw new ConformanceError('USAGE', `unknown check id "${id}" (see --list)`);
  }
  return {
    runs,
    profile: options.profile ?? DEFAULTS.profile,
    seed: options.seed ?? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0,
    timeoutMs,
    maxResponseBytes,
    clockSkewSeconds: options.clockSkewSeconds ?? DEFAULTS.clockSkewSeconds,
    cleanup: options.cleanup ?? true,
    specPath: options.specPath ?? bundledSpecPath(),
    only,
    skip,
    paths: options.paths ?? {},
    concurrency,
  };
}
