import { parseArgs } from 'node:util';
import type { Contract } from '../../contract/src/index.js';
import { shellQuote } from '../../conformance/src/index.js';
import {
  createServer,
  ServeOptionError,
  type RunningServer,
  type ServeOptions,
} from '../../reference-server/src/index.js';

/** The environment variable that carries the API key (the CLI's only secret input besides --api-key). */
export const API_KEY_ENV = 'APIKEYS_KIT_API_KEY';

export const SERVE_HELP = `apikeys-kit serve [options]

Runs the reference server: a stateful, spec-faithful implementation of every operation of spec/openapi.yaml
(node:http, in-memory store). It remembers what you create until it stops. Requests are validated with the
validators compiled from the spec at start; answers follow the spec's order of checks and content negotiation.

Options:
  --host H              interface to bind (default 127.0.0.1)
  --port N              port to listen on; 0 picks any free port (default 8787)
  --api-key KEY         the X-API-Key value clients must send (default: $${API_KEY_ENV}; when neither is set,
                        a random key is generated and printed once, at start)
  --endpoint-id ID      an Endpoint that exists (repeatable; an ObjectId, 24 of [a-z0-9]). When none is given,
                        one is created and printed
  --base-path PATH      serve every route under PATH, e.g. /new (default: none)
  --spec FILE           the OpenAPI document to serve (default: the bundled spec)
  -h, --help            this text

Output: the base URL, the endpoint id(s), the API key if it was generated, and a ready-to-paste curl of the
seed's create request on stdout; one JSON line per request on stderr (method, route template, status,
duration, traceId; never a key). SIGINT or SIGTERM stops accepting, closes idle connections and those holding
a partial request, gives in-flight requests up to 5 s to finish, and exits 0 within 10 s whatever clients do.

Exit codes: 0 stopped by a signal, 1 the server could not start (e.g. port in use), 2 bad options.
`;

/** A validated serve command line, or the reason it is not one. */
export type ParsedServeArgs =
  | { kind: 'help' }
  | { kind: 'error'; message: string }
  | { kind: 'serve'; options: ServeOptions; apiKeySource: 'option' | 'env' | 'generated' };

/** Parses `serve` arguments with node:util parseArgs. Endpoint ids are checked against the spec by createServer. */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedServeArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8787' },
        'api-key': { type: 'string' },
        'endpoint-id': { type: 'string', multiple: true },
        'base-path': { type: 'string' },
        spec: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    return { kind: 'error', message: (e as Error).message };
  }
  if (values.help) return { kind: 'help' };
  if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535) {
    return { kind: 'error', message: `--port must be a number from 0 to 65535, got "${values.port}"` };
  }
  const fromEnv = env[API_KEY_ENV];
  const apiKey = values['api-key'] ?? (fromEnv === '' ? undefined : fromEnv);
  const options: ServeOptions = {
    host: values.host,
    port: Number(values.port),
    apiKey,
    endpointIds: values['endpoint-id'],
    basePath: values['base-path'],
    specPath: values.spec,
  };
  const apiKeySource = values['api-key'] !== undefined ? 'option' : apiKey !== undefined ? 'env' : 'generated';
  return { kind: 'serve', options, apiKeySource };
}

/** The seed's create request as a curl command for this server, reading the key from the environment. */
export function seedCurl(running: RunningServer, contract: Contract = running.contract): string {
  const op = contract.operationByRole('create');
  const endpointId = running.endpointIds[0]!;
  const url = running.url + op.pathTemplate.replace(/\{[^}]+\}/g, encodeURIComponent(endpointId));
  const media = op.requestBody?.content[0];
  const lines = [`curl --request ${op.method}`, `--url ${shellQuote(url)}`];
  if (media) lines.push(`--header ${shellQuote(`Content-Type: ${media.mediaType}`)}`);
  lines.push(`--header "${contract.apiKeyHeader}: $${API_KEY_ENV}"`);
  if (media && media.examples.length > 0) lines.push(`--data ${shellQuote(JSON.stringify(media.examples[0]))}`);
  return lines.join(' \\\n    ');
}

/** What `serve` prints at start. The API key appears only when it was generated (the one sanctioned place). */
export function serveBanner(running: RunningServer, apiKeySource: 'option' | 'env' | 'generated'): string {
  const out = [`apikeys-kit reference server listening`, `  Base URL:      ${running.url}`];
  out.push(`  Endpoint ids:  ${running.endpointIds.join(', ')}`);
  if (apiKeySource === 'generated') {
    out.push('  API key:       generated for this run and shown only now; keep it:');
    out.push(`    export ${API_KEY_ENV}=${running.apiKey}`);
  } else if (apiKeySource === 'env') {
    out.push(`  API key:       from $${API_KEY_ENV}`);
  } else {
    out.push(`  API key:       from --api-key (export it as ${API_KEY_ENV} for the curl below)`);
  }
  out.push('', "Try the seed's create request:", `  ${seedCurl(running)}`, '');
  out.push('One JSON log line per request goes to stderr. Ctrl-C stops the server.', '');
  return out.join('\n');
}

/** `apikeys-kit serve`: starts the reference server and runs until SIGINT/SIGTERM. */
export const serveCommand = {
  async run(argv: string[]): Promise<number> {
    const parsed = parseServeArgs(argv);
    if (parsed.kind === 'help') {
      process.stdout.write(SERVE_HELP);
      return 0;
    }
    if (parsed.kind === 'error') {
      process.stderr.write(`apikeys-kit serve: ${parsed.message}\n\n${SERVE_HELP}`);
      return 2;
    }
    let running: RunningServer;
    try {
      running = await createServer(parsed.options);
    } catch (e) {
      process.stderr.write(`apikeys-kit serve: ${(e as Error).message}\n`);
      return e instanceof ServeOptionError ? 2 : 1;
    }
    process.stdout.write(serveBanner(running, parsed.apiKeySource));
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await running.close();
    return 0;
  },
};
