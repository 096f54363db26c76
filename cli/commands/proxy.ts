import { resolve } from 'node:path';
import { sourceSpecPath } from '../../contract/src/index.js';
import { runTool } from './run-tool.js';
import type { Command } from './types.js';
import { commandArgs, portProblem } from './command-args.js';

const HELP = `apikeys-kit proxy --upstream URL [--port N] [--host H] [--spec FILE] [--errors]

Runs Prism's validating proxy (@stoplight/prism-cli) with the contract: every request is forwarded to the upstream
server and its answer returned unchanged, while Prism checks both against the spec. A violation is printed in
Prism's log ("Violation: request.body …", "Violation: response …") and listed in the response's sl-violations
header (JSON). Point a consumer at the proxy to see its live traffic against a real server checked against the
spec.

Options:
  --upstream URL  the server to forward to (required; http or https, may carry a path prefix, e.g.
                  https://api-trial.cognigy.ai/new)
  --port N        port to listen on (default 4010)
  --host H        interface to bind (default 127.0.0.1)
  --spec FILE     the document to check against (default: the project's spec/openapi.yaml)
  --errors        turn violations into errors: a request that violates the spec is not forwarded but answered
                  by Prism (422, a status this contract does not have), an invalid response is replaced by
                  Prism's error. Off by default, so the consumer sees exactly what the upstream answers.
  -h, --help      this text

Prism forwards X-API-Key to the upstream and does not log header values.

Try it (with "apikeys-kit serve --port 8787" running):
  apikeys-kit proxy --upstream http://127.0.0.1:8787 --port 4010
  curl -i --request POST --url http://127.0.0.1:4010/v2.0/endpoints/<endpoint-id>/apikeys \\
    --header 'Content-Type: application/json' --header "X-API-Key: $APIKEYS_KIT_API_KEY" --data '{"name": ""}'
`;

/** Why an --upstream value is unusable, or undefined when it is an http(s) URL without credentials. */
export function upstreamProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `--upstream must be an absolute http or https URL, got "${value}"`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `--upstream must be an http or https URL, got "${url.protocol}"`;
  // Prism prints the upstream URL in its log: a password in it would be printed too.
  if (url.username !== '' || url.password !== '')
    return '--upstream must not carry credentials (user:password@): the proxy would print them; send X-API-Key per request';
  if (url.search !== '' || url.hash !== '') return '--upstream must not have a query or a fragment';
  return undefined;
}

export const proxyCommand: Command = {
  async run(argv) {
    const parsed = commandArgs(
      argv,
      {
        upstream: { type: 'string' },
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        spec: { type: 'string' },
        errors: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
      HELP,
    );
    if ('exit' in parsed) return parsed.exit;
    const { values } = parsed;
    const problem = values.upstream === undefined ? '--upstream URL is required' : upstreamProblem(values.upstream);
    if (problem !== undefined || values.upstream === undefined) {
      process.stderr.write(`${problem}\n\n${HELP}`);
      return 2;
    }
    const badPort = portProblem(values.port);
    if (badPort !== undefined) {
      process.stderr.write(`${badPort}\n`);
      return 2;
    }
    // Prism runs in the package's folder: a relative --spec is resolved here, against the user's working directory.
    const spec = values.spec === undefined ? sourceSpecPath() : resolve(values.spec);
    return runTool('prism', [
      'proxy',
      '--host',
      values.host,
      '--port',
      values.port,
      `--errors=${values.errors}`,
      // Prism's CORS answers OPTIONS itself and adds headers: off, so every answer is the upstream's own.
      '--cors=false',
      spec,
      values.upstream.replace(/\/+$/, ''),
    ]);
  },
};
