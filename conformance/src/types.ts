import type { Contract, Operation } from '../../contract/src/index.js';
import type { ApiModel } from './api-model.js';
import type { HttpClient } from './http-client.js';
import type { Exchange, RawExchange, RequestSpec } from './exchange.js';
import type { CoverageEntry, DocumentedResponse } from './coverage.js';
import type { SecretTracker } from './secret-tracker.js';

/** Which checks run: `full` is every check; `stateless` the ones a static mock generated from the document can honour. */
export type Profile = 'full' | 'stateless';

/** One way the implementation breaks a rule, with what is needed to reproduce it. */
export interface Violation {
  message: string;
  /** The (shrunk, when it comes from fast-check) input that shows the problem. */
  counterexample?: unknown;
  /** fast-check seed and path that replay the property (with `--seed` and `--only`). */
  seed?: number;
  path?: string;
  /** Options that replay it: the run's seed, the check's id and, for a property, the path to its counterexample. */
  replay?: string;
  /** The property of the check that failed, when the check has several. */
  property?: string;
  /** A curl command reproducing the request; the API key is written as `$APIKEYS_KIT_API_KEY`. */
  curl?: string;
  /**
   * For a message curl cannot send (written to the socket by hand): a shell command that writes it again, `printf`
   * piped into `nc` (or `openssl s_client` for https); the API key is written as `$APIKEYS_KIT_API_KEY`.
   */
  command?: string;
  /** Status and an excerpt of the response that shows the problem. */
  response?: { status: number; headers: Record<string, string>; body: string };
  /** The documented response (a cell of the report's coverage matrix) that response was matched to, if any. */
  documentedResponse?: DocumentedResponse;
}

/** What a check's run gives back. */
export interface CheckContext {
  readonly contract: Contract;
  readonly api: ApiModel;
  readonly http: HttpClient;
  readonly secrets: SecretTracker;
  readonly endpointId: string;
  /** A second existing Endpoint (second --endpoint-id), for checks that need two; undefined when not given. */
  readonly otherEndpointId: string | undefined;
  readonly runs: number;
  readonly seed: number;
  readonly profile: Profile;
  readonly clockSkewSeconds: number;
  /** Adds an informational line to the check's result. */
  note(text: string): void;
  /** Sends a request as this check; see {@link HttpClient.request}. */
  request(spec: RequestSpec): Promise<Exchange>;
  /** Writes a message by hand on a connection of its own, as this check; see {@link HttpClient.raw}. */
  raw(spec: Parameters<HttpClient['raw']>[0]): Promise<RawExchange>;
  /** A violation shown by a raw exchange (by default its last response): the command that resends it, how it ended. */
  rawViolation(message: string, exchange: RawExchange, shownResponse?: number): Violation;
  /** Remembers a created key id so the run deletes it at the end (unless --no-cleanup). */
  created(id: string): void;
  /**
   * Deletes now keys this check created and no longer needs (unless --no-cleanup), so that its later runs see a list
   * of the same length rather than one that grows run after run.
   */
  discard(ids: readonly string[]): Promise<void>;
  /** Deletes the keys this check created now (unless --no-cleanup), to keep lists short for later checks. */
  cleanup(): Promise<void>;
  /** Every exchange of the run so far (all checks). */
  exchanges(): readonly Exchange[];
  /** A violation shown by an exchange: adds its curl command and a response excerpt. */
  violation(message: string, exchange?: Exchange, counterexample?: unknown): Violation;
  /** The coverage matrix as observed so far. */
  coverage(): CoverageEntry[];
  /**
   * Runs one fast-check property with the run's seed (derived per check and property), `runs` runs and a time limit.
   * The predicate throws {@link PropertyFailure} (or returns a failure) to fail a run. Resolves to the shrunk failure,
   * or undefined when the property held.
   */
  property<T>(
    name: string,
    arb: import('fast-check').Arbitrary<T>,
    predicate: (value: T) => Promise<void>,
    numRuns?: number,
    /** Values always tried first (boundaries), on top of the generated runs; shrunk like generated ones. */
    examples?: readonly T[],
  ): Promise<Violation | undefined>;
}

/** A conformance check: data plus a run function. */
export interface Check {
  /** Stable kebab-case id (used by --only/--skip and in reports). */
  id: string;
  title: string;
  /** The rule it enforces: a JSON Pointer into the spec, or the spec/seed sentence it comes from. */
  rule: string;
  /** Profiles that include it. */
  profiles: readonly Profile[];
  /**
   * What the run must provide for the check to run (else it is skipped, saying why): a second Endpoint, or a direct
   * connection to the target (no proxy from the environment between: a proxy answers malformed messages itself).
   */
  requires?: readonly ('otherEndpoint' | 'directConnection')[];
  /**
   * How it shares the Endpoints it uses with checks that run at the same time (see scheduler.ts). `shared`: its
   * verdict holds whatever other checks create or revoke meanwhile. `exclusive`: its rule reads what others change (an
   * exact `total`, a walk over every page, a revoked key gone from the list), so it runs with no other check.
   */
  endpointUse: 'shared' | 'exclusive';
  /**
   * It judges the traffic of the checks before it in the catalogue (`exchanges()`): it starts once they have all
   * ended, and no later check starts before it ends, so it judges what it would judge in a run of one check at a time.
   */
  reviewsRun?: boolean;
  /** Properties whose runs go one at a time (a run changes what the next one reads); the others' runs go side by side. */
  sequentialProperties?: readonly string[];
  /** Its rule sends this many requests at the same moment: those are not held to the run's `concurrency`. */
  simultaneousRequests?: number;
  run(ctx: CheckContext): Promise<Violation[]>;
}

export type CheckStatus = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  id: string;
  title: string;
  rule: string;
  /** The spec's text at `rule` (the sentence the check enforces), when the document has one there. */
  ruleText?: string;
  status: CheckStatus;
  durationMs: number;
  requests: number;
  skipReason?: string;
  violations: Violation[];
  notes: string[];
}

/**
 * The run's settings that the report's top level does not already show (target, spec, profile, seed, runs); header
 * names only, their values are secrets.
 */
export interface ReportOptions {
  only: string[];
  skip: string[];
  timeoutMs: number;
  maxResponseBytes: number;
  clockSkewSeconds: number;
  cleanup: boolean;
  /** fast-check replay paths by property name (`--path`). */
  paths: Record<string, string>;
  /** Requests per second at most (`--rate`), or null for no limit. */
  rate: number | null;
  maxRetries: number;
  maxRetryWaitSeconds: number;
  maxTimeSeconds: number;
  /** Names of the extra headers sent with every request (`--header`), lower case; never their values. */
  headers: string[];
  /** The `--ca` file, or null. */
  ca: string | null;
  /** Whether any request went through a proxy from HTTP_PROXY / HTTPS_PROXY (NO_PROXY applied). */
  proxyUsed: boolean;
}

export interface ReportSummary {
  passed: number;
  failed: number;
  skipped: number;
  /** Exchanges recorded (a request re-sent after 429/503 counts once). */
  requests: number;
  /** Re-sends after a 429, or a 503 with Retry-After, that the run waited out. */
  retries: number;
  /** Time spent waiting before those re-sends, ms. */
  retryWaitMs: number;
  /** The run's time limit (`--max-time`) was reached: later requests were not sent, later checks not run. */
  timeLimitReached: boolean;
}

/** The outcome of a run: what the JSON reporter prints and what the other reporters render. */
export interface Report {
  tool: 'apikeys-kit conformance';
  version: string;
  target: string;
  inProcess: boolean;
  spec: string;
  profile: Profile;
  seed: number;
  runs: number;
  options: ReportOptions;
  startedAt: string;
  durationMs: number;
  summary: ReportSummary;
  checks: CheckResult[];
  coverage: CoverageEntry[];
}

/** An implementation already running at a URL (`--target`). */
export interface UrlTarget {
  /** Base URL (may carry a path prefix). */
  target: string;
  apiKey: string;
  endpointId: string;
  /** A second existing Endpoint on the target, for the endpoint-isolation check. */
  otherEndpointId?: string;
}

/** An implementation the run starts, and stops when it ends (the CLI passes the reference server, in-process). */
export interface StartTarget {
  /** Starts it with the run's spec and two Endpoint ids drawn from the spec's pattern. */
  start(setup: { specPath: string; endpointIds: readonly string[] }): Promise<StartedTarget>;
  /**
   * Optional: called first thing in a run, before the kit loads the spec, so the target can get ready meanwhile (the
   * in-process target loads the reference server and its contract on its own thread); the run then starts it through
   * the returned {@link PreparedTarget} instead of `start`, or cancels it when the run fails before that.
   */
  prepare?(setup: { specPath: string }): PreparedTarget;
}

/** A target getting ready: see {@link StartTarget.prepare}. Until it is started, it must not keep the process alive. */
export interface PreparedTarget {
  start(endpointIds: readonly string[]): Promise<StartedTarget>;
  /** The run ended before starting it: release what it holds. */
  cancel(): void;
}

/** What {@link StartTarget.start} gives back. */
export interface StartedTarget {
  url: string;
  apiKey: string;
  /** The Endpoints that exist: the first is checked, the second (if any) lets endpoint-isolation run. */
  endpointIds: readonly string[];
  close(): Promise<void>;
}

/** Options of {@link runConformance} other than the target. */
export interface RunOptions {
  /**
   * fast-check replay paths by property name (`--path NAME=PATH`): with the same seed, the property jumps straight
   * to the reported counterexample instead of generating and shrinking again.
   */
  paths?: Record<string, string>;
  specPath?: string;
  runs?: number;
  seed?: number;
  only?: string[];
  skip?: string[];
  profile?: Profile;
  /**
   * Per-request timeout in ms (default 10000): bounds connecting, the response headers, each pause in the body and
   * the whole exchange.
   */
  timeoutMs?: number;
  /** Reading a response body stops past this many bytes, and the exchange fails saying so (default 262144). */
  maxResponseBytes?: number;
  clockSkewSeconds?: number;
  cleanup?: boolean;
  /**
   * Headers added to every request (`--header`), e.g. a tenant or gateway header. Values are secrets: never in the
   * report, written as `$APIKEYS_KIT_HEADER_<NAME>`. The API key header, Accept, Content-Type and the fields that frame
   * a message are refused (`USAGE`).
   */
  headers?: Record<string, string>;
  /** A PEM file of CA certificates trusted for https targets in addition to Node's bundled ones (`--ca`). */
  caFile?: string;
  /** Requests per second at most over the whole run, retries and cleanup included (`--rate`; default: no limit). */
  rate?: number;
  /** Re-sends of one request after 429, or 503 with Retry-After (default 3). */
  maxRetries?: number;
  /** The longest Retry-After waited out, seconds (default 60); a longer one ends that request as a failure. */
  maxRetryWaitSeconds?: number;
  /** The whole run's time limit, seconds (default 3600): nothing is sent after it, cleanup included. */
  maxTimeSeconds?: number;
  /**
   * Requests in flight at most, and runs of a property sent side by side (default 12). 1 sends one request at a time
   * (but for a check whose rule is simultaneous requests). The same seed gives the same inputs and verdicts at any value.
   */
  concurrency?: number;
  /** Called when a check starts and when it ends (live progress). */
  onCheckStart?: (check: Check, index: number, total: number) => void;
  onCheckEnd?: (result: CheckResult, index: number, total: number) => void;
}

/** Options of {@link runConformance}: an implementation at a URL, or one the run starts. */
export type ConformanceOptions = RunOptions & (UrlTarget | StartTarget);

export type { CoverageEntry, DocumentedResponse, Operation };
