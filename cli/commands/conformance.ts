import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  catalogue,
  checkLine,
  ConformanceError,
  parseHeaderArgument,
  renderHtml,
  renderJson,
  renderJunit,
  renderSummary,
  runConformance,
  startLine,
  useColor,
  type ConformanceOptions,
  type Profile,
  type Report,
  type StartTarget,
  type UrlTarget,
} from '../../conformance/src/index.js';
import { referenceServerTarget } from '../in-process-target.js';
import type { Command } from './types.js';

const HELP = `apikeys-kit conformance [--target URL --api-key KEY --endpoint-id ID] [options]

Checks that an implementation honours the Endpoint API Keys contract: HTTP contract in all five media types,
generated valid and invalid inputs, auth, the once-only key, masking, timestamps, lifecycle, pagination, concurrency.
Without --target it starts the reference server in-process and runs against it.

Options:
  --target URL          base URL of the implementation (may carry a path prefix, e.g. https://host/new)
  --api-key KEY         the X-API-Key to use (or env APIKEYS_KIT_API_KEY)
  --endpoint-id ID      an Endpoint that exists on the target; give a second one (another existing Endpoint)
                        to run endpoint-isolation, which otherwise is skipped
  --spec FILE           the OpenAPI document (default: the bundled spec)
  --runs N              fast-check runs per property (default 100)
  --seed S              seed (default: random; printed in the report)
  --only ID, --skip ID  run only / skip a check (repeatable; see --list)
  --profile P           full (default) or stateless (what a static mock such as Prism can pass)
  --reporter R          pretty (default), json, junit or html (repeatable); html is one self-contained page
  --output FILE         write the preceding --reporter to FILE instead of stdout
  --timeout MS          per-request timeout (default 10000): connecting, the response headers, each pause in
                        the body and the whole exchange must each take less
  --max-response-bytes N
                        stop reading a response body past N bytes and fail it (default 262144)
  --clock-skew S        allowed clock difference for timestamps, seconds (default 60)
  --header 'Name: value'
                        add a header to every request (repeatable), e.g. a tenant or gateway header; its value
                        is a secret like the key: reports and curl lines show $APIKEYS_KIT_HEADER_<NAME>.
                        X-API-Key, Accept, Content-Type and Host/Content-Length/... are refused
  --ca FILE             trust the PEM CA certificate(s) in FILE for an https target, besides Node's own
  --rate N              send at most N requests per second over the whole run (retries and cleanup included)
  --retries N           re-send a request answered 429, or 503 with Retry-After, at most N times (default 3);
                        0: never re-send, judge the 429 or 503 as the target's answer
  --max-retry-wait S    longest Retry-After to wait out, seconds (default 60); a longer one fails that request
  --max-time S          time limit of the whole run, seconds (default 3600): nothing is sent after it, later
                        checks are skipped, and the run exits 1
  --concurrency N       requests in flight at most (default 12); 1 sends one at a time. Checks that need the
                        Endpoint to themselves still get it; the same --seed gives the same inputs and verdicts
  --no-cleanup          keep the keys the suite created
  --path NAME=PATH      replay property NAME from its reported fast-check path (with the same --seed and --only;
                        failures print the exact options)
  --list                print the catalogue and exit
  -h, --help            this text

Redirects are never followed: a 3xx is a failure naming its Location. A response cut short (over
--max-response-bytes, stalled, reset, past --timeout) is a failure naming what happened; the run goes on.
A 429 (with or without Retry-After) and a 503 with Retry-After are waited out and re-sent; the summary counts them.
HTTP_PROXY, HTTPS_PROXY and NO_PROXY (or lower case) are honoured for --target.

Exit status: 0 all checks passed, 1 a check failed or the time limit was reached, 2 usage error, target
unreachable (no connection) or TLS failure.
`;

const REPORTERS = ['pretty', 'json', 'junit', 'html'] as const;

interface Sink {
  reporter: (typeof REPORTERS)[number];
  output?: string;
}

const isReporter = (v: string | undefined): v is Sink['reporter'] => REPORTERS.some((r) => r === v);

function usage(message: string): number {
  process.stderr.write(`apikeys-kit conformance: ${message}\n\n${HELP}`);
  return 2;
}

function integer(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v) || Number(v) < min)
    throw new ConformanceError('USAGE', `${name} must be an integer >= ${min}, got "${v}"`);
  return Number(v);
}

const OPTIONS = {
  target: { type: 'string' },
  'api-key': { type: 'string' },
  'endpoint-id': { type: 'string', multiple: true },
  spec: { type: 'string' },
  runs: { type: 'string' },
  seed: { type: 'string' },
  only: { type: 'string', multiple: true },
  skip: { type: 'string', multiple: true },
  profile: { type: 'string' },
  reporter: { type: 'string', multiple: true },
  output: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  'max-response-bytes': { type: 'string' },
  'clock-skew': { type: 'string' },
  header: { type: 'string', multiple: true },
  ca: { type: 'string' },
  rate: { type: 'string' },
  retries: { type: 'string' },
  'max-retry-wait': { type: 'string' },
  'max-time': { type: 'string' },
  concurrency: { type: 'string' },
  'no-cleanup': { type: 'boolean' },
  path: { type: 'string', multiple: true },
  list: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Parsed = ReturnType<typeof parseArgs<{ args: string[]; tokens: true; options: typeof OPTIONS }>>;
type Values = Parsed['values'];

/** The reporters and their files: each --output belongs to the --reporter before it. Throws a usage message. */
function sinksOf(tokens: NonNullable<Parsed['tokens']>): Sink[] {
  const sinks: Sink[] = [];
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    if (t.name === 'reporter') {
      if (!isReporter(t.value)) throw new ConformanceError('USAGE', `unknown reporter "${t.value ?? ''}"`);
      sinks.push({ reporter: t.value });
    } else if (t.name === 'output') {
      const last = sinks.at(-1);
      if (!last || last.output !== undefined || t.value === undefined)
        throw new ConformanceError('USAGE', '--output must follow a --reporter');
      last.output = t.value;
    }
  }
  if (sinks.length === 0) sinks.push({ reporter: 'pretty' });
  return sinks;
}

/** `--rate N`: a positive number of requests per second (decimals allowed, e.g. 0.5). */
function rateOf(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(v) || Number(v) <= 0)
    throw new ConformanceError('USAGE', `--rate must be a number of requests per second > 0, got "${v}"`);
  return Number(v);
}

/** `--header 'Name: value'` values by name (checked by the run; duplicates are refused, never merged). */
function headersOf(values: readonly string[] | undefined): Record<string, string> | undefined {
  if (values === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const v of values) {
    const [name, value] = parseHeaderArgument(v);
    if (Object.keys(out).some((k) => k.toLowerCase() === name.toLowerCase()))
      throw new ConformanceError('USAGE', `--header ${name} is given twice`);
    out[name] = value;
  }
  return out;
}

/** The traffic options: extra headers, CA, rate, retries and time limit. Throws a usage message. */
function trafficOf(values: Values): Partial<ConformanceOptions> {
  const headers = headersOf(values.header);
  const rate = rateOf(values.rate);
  const maxRetries = integer('--retries', values.retries, 0);
  const maxRetryWaitSeconds = integer('--max-retry-wait', values['max-retry-wait'], 0);
  const maxTimeSeconds = integer('--max-time', values['max-time'], 1);
  return {
    ...(headers !== undefined ? { headers } : {}),
    ...(values.ca !== undefined ? { caFile: values.ca } : {}),
    ...(rate !== undefined ? { rate } : {}),
    ...(maxRetries !== undefined ? { maxRetries } : {}),
    ...(maxRetryWaitSeconds !== undefined ? { maxRetryWaitSeconds } : {}),
    ...(maxTimeSeconds !== undefined ? { maxTimeSeconds } : {}),
  };
}

function isProfile(v: string): v is Profile {
  return v === 'full' || v === 'stateless';
}

/** The in-process reference server, or the --target with its API key and Endpoints. */
function whereOf(values: Values): UrlTarget | StartTarget {
  const apiKey = values['api-key'] ?? process.env['APIKEYS_KIT_API_KEY'];
  if ((values['endpoint-id']?.length ?? 0) > 2)
    throw new ConformanceError('USAGE', '--endpoint-id takes at most two Endpoints');
  if (values.target === undefined) return referenceServerTarget;
  if (!apiKey)
    throw new ConformanceError('USAGE', 'an API key is required with --target (--api-key or APIKEYS_KIT_API_KEY)');
  const [endpointId, otherEndpointId] = values['endpoint-id'] ?? [];
  if (endpointId === undefined) throw new ConformanceError('USAGE', '--endpoint-id is required with --target');
  return { target: values.target, apiKey, endpointId, ...(otherEndpointId !== undefined ? { otherEndpointId } : {}) };
}

/** Where progress goes, and how. */
interface Progress {
  stream: NodeJS.WriteStream;
  color: boolean;
  live: boolean;
}

/** The run's options from the command line. Throws a usage message. */
function optionsOf(values: Values, progress: Progress): ConformanceOptions {
  const runs = integer('--runs', values.runs, 1);
  const seed = integer('--seed', values.seed, -(2 ** 31));
  const timeoutMs = integer('--timeout', values.timeout, 1);
  const maxResponseBytes = integer('--max-response-bytes', values['max-response-bytes'], 1);
  const clockSkewSeconds = integer('--clock-skew', values['clock-skew'], 0);
  const concurrency = integer('--concurrency', values.concurrency, 1);
  const profile = values.profile;
  if (profile !== undefined && !isProfile(profile))
    throw new ConformanceError('USAGE', `--profile must be full or stateless, got "${profile}"`);
  return {
    ...whereOf(values),
    ...(values.spec !== undefined ? { specPath: values.spec } : {}),
    ...(runs !== undefined ? { runs } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(values.only ? { only: values.only } : {}),
    ...(values.skip ? { skip: values.skip } : {}),
    ...(profile !== undefined ? { profile } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(maxResponseBytes !== undefined ? { maxResponseBytes } : {}),
    ...(clockSkewSeconds !== undefined ? { clockSkewSeconds } : {}),
    ...trafficOf(values),
    ...(concurrency !== undefined ? { concurrency } : {}),
    cleanup: values['no-cleanup'] !== true,
    ...(values.path ? { paths: parsePaths(values.path) } : {}),
    onCheckStart: (c, i, n) => {
      if (progress.live) progress.stream.write(`\r\u001b[2K${startLine(c, i, n)}`);
    },
    onCheckEnd: (r, i, n) => {
      progress.stream.write(`${progress.live ? '\r\u001b[2K' : ''}${checkLine(r, i, n, { color: progress.color })}\n`);
    },
  };
}

/** Progress goes where the pretty report goes; if a machine format owns stdout, progress moves to stderr. */
function progressFor(sinks: readonly Sink[]): Progress {
  const prettyToStdout = sinks.some((s) => s.reporter === 'pretty' && !s.output);
  const machineToStdout = sinks.some((s) => s.reporter !== 'pretty' && !s.output);
  const stream = prettyToStdout && !machineToStdout ? process.stdout : process.stderr;
  // isTTY is undefined (not false) on a stream that is not a terminal, whatever its type says.
  return { stream, color: useColor(stream), live: stream.isTTY === true };
}

function writeReports(report: Report, sinks: readonly Sink[], progress: Progress): void {
  for (const s of sinks) {
    const text =
      s.reporter === 'json'
        ? renderJson(report)
        : s.reporter === 'junit'
          ? renderJunit(report)
          : s.reporter === 'html'
            ? renderHtml(report)
            : renderSummary(report, { color: s.output ? false : progress.color });
    if (s.output) writeFileSync(s.output, text);
    else if (s.reporter === 'pretty') progress.stream.write(text);
    else process.stdout.write(text);
  }
  // The final line is the count, wherever the pretty output went; repeat it on stderr when stdout carries JSON/XML.
  if (!sinks.some((s) => s.reporter === 'pretty' && !s.output)) {
    const { passed, failed, skipped, timeLimitReached } = report.summary;
    const limit = timeLimitReached ? ' (time limit reached)' : '';
    process.stderr.write(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}${limit}\n`);
  }
}

function printCatalogue(): void {
  for (const c of catalogue)
    process.stdout.write(`${c.id.padEnd(20)} [${c.profiles.join(',')}] ${c.title}\n${''.padEnd(20)} rule: ${c.rule}\n`);
}

/** `apikeys-kit conformance`: parses options, runs the suite, prints the reports; resolves to the exit code. */
export const conformanceCommand: Command = {
  async run(argv) {
    let values: Values;
    let sinks: Sink[];
    let progress: Progress;
    let options: ConformanceOptions;
    try {
      const parsed = parseArgs({ args: argv, tokens: true, options: OPTIONS });
      values = parsed.values;
      if (values.help || values.list) {
        if (values.help) process.stdout.write(HELP);
        else printCatalogue();
        return 0;
      }
      sinks = sinksOf(parsed.tokens);
      progress = progressFor(sinks);
      options = optionsOf(values, progress);
    } catch (e) {
      return usage((e as Error).message);
    }
    let report: Report;
    try {
      report = await runConformance(options);
    } catch (e) {
      if (e instanceof ConformanceError) {
        process.stderr.write(`apikeys-kit conformance: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
    writeReports(report, sinks, progress);
    return report.summary.failed > 0 || report.summary.timeLimitReached ? 1 : 0;
  },
};

/** `--path NAME=PATH` values (the property name may contain spaces; the path is fast-check's `1:0:2`). */
function parsePaths(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.lastIndexOf('=');
    const name = v.slice(0, i);
    const path = v.slice(i + 1);
    if (i <= 0 || !/^\d+(:\d+)*$/.test(path))
      throw new ConformanceError(
        'USAGE',
        `--path takes NAME=PATH (e.g. 'name round-trip=1:0:2'), got ${JSON.stringify(v)}`,
      );
    out[name] = path;
  }
  return out;
}
