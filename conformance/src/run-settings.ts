import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
  /** Requests per second at most, retries and cleanup included (`--rate`); undefined: no limit. */
  rate: number | undefined;
  /** Re-sends of one request after 429 / 503 with Retry-After (`--retries`). */
  maxRetries: number;
  /** The longest Retry-After the run waits out (`--max-retry-wait`). */
  maxRetryWaitSeconds: number;
  /** The whole run's time limit (`--max-time`): nothing is sent after it. */
  maxTimeSeconds: number;
  /** Extra certificates to trust (`--ca`): the file and its PEM text. */
  ca: { path: string; pem: string } | undefined;
  /** Extra headers as given (checked against the spec's API key header once the spec is loaded). */
  headers: Readonly<Record<string, string>>;
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
  maxRetries: 3,
  /** A minute: longer waits are usually maintenance windows, which a conformance run should report, not sit out. */
  maxRetryWaitSeconds: 60,
  /** An hour: a full run at the default --runs sends about 4,400 requests, a few minutes against a remote target. */
  maxTimeSeconds: 3600,
  /**
   * 12: the widest part of a run (the shared checks at its start, half of its requests) fills 12 slots; past that the
   * run is bound by the checks that must have the Endpoint to themselves (list walks one page after another), so more
   * requests in flight only add load on the target. Measured through a 20 ms proxy (scripts/bench-latency.mjs): 8 in
   * flight 20.4 s, 12 17.3 s, one at a time 92 s; 16 was no faster than 12.
   */
  concurrency: 12,
};

function positiveInteger(name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min)
    throw new ConformanceError('USAGE', `${name} must be an integer >= ${min}, got ${v}`);
  return v;
}

/** The certificates of `--ca`: a readable file with at least one PEM certificate, each of them parseable. */
function caOf(path: string | undefined): RunSettings['ca'] {
  if (path === undefined) return undefined;
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new ConformanceError('USAGE', `--ca ${path} cannot be read: ${reason}`, { cause: e });
  }
  const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (certs.length === 0) throw new ConformanceError('USAGE', `--ca ${path} holds no PEM certificate`);
  for (const [i, cert] of certs.entries()) {
    try {
      new X509Certificate(cert);
    } catch (e) {
      throw new ConformanceError('USAGE', `--ca ${path}: certificate ${i + 1} is not valid PEM`, { cause: e });
    }
  }
  return { path, pem: certs.join('\n') };
}

/**
 * The settings of a run; rejects with a `USAGE` {@link ConformanceError} for a bad `runs`, `timeoutMs`,
 * `maxResponseBytes`, `concurrency`, `rate`, retry or time limit, an unreadable `caFile`, or an unknown check id.
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
  const rate = options.rate;
  if (rate !== undefined && !(Number.isFinite(rate) && rate > 0))
    throw new ConformanceError('USAGE', `rate must be a number of requests per second > 0, got ${rate}`);
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
    rate,
    maxRetries: positiveInteger('maxRetries', options.maxRetries ?? DEFAULTS.maxRetries, 0),
    maxRetryWaitSeconds: positiveInteger(
      'maxRetryWaitSeconds',
      options.maxRetryWaitSeconds ?? DEFAULTS.maxRetryWaitSeconds,
      0,
    ),
    maxTimeSeconds: positiveInteger('maxTimeSeconds', options.maxTimeSeconds ?? DEFAULTS.maxTimeSeconds, 1),
    ca: caOf(options.caFile),
    headers: options.headers ?? {},
    only,
    skip,
    paths: options.paths ?? {},
    concurrency,
  };
}
