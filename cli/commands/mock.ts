import { resolve } from 'node:path';
import { sourceSpecPath } from '../../contract/src/index.js';
import { runTool } from './run-tool.js';
import type { Command } from './types.js';
import { commandArgs, portProblem } from './command-args.js';

const HELP = `apikeys-kit mock [--port N] [--host H] [--spec FILE]

Serves the OpenAPI document as a static mock with Prism (@stoplight/prism-cli): answers from the spec's
examples, validates requests (400, 401, 415 with the spec's problem examples). Stateless: it does not remember
what you create; use "apikeys-kit serve" for a stateful fake.

Options:
  --port N      port to listen on (default 4010)
  --host H      interface to bind (default 127.0.0.1)
  --spec FILE   the document to mock (default: the project's spec/openapi.yaml)
  -h, --help    this text

Try it:
  curl --request POST --url http://127.0.0.1:4010/v2.0/endpoints/64f1c2a9b8e7d6c5b4a39281/apikeys \\
    --header 'Content-Type: application/json' --header 'X-API-Key: <api-key>' --data '{"name": "My CRM webhook"}'
`;

export const mockCommand: Command = {
  async run(argv) {
    const parsed = commandArgs(
      argv,
      {
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        spec: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      HELP,
    );
    if ('exit' in parsed) return parsed.exit;
    const { values } = parsed;
    const badPort = portProblem(values.port);
    if (badPort !== undefined) {
      process.stderr.write(`${badPort}\n`);
      return 2;
    }
    // Prism runs in the package's folder: a relative --spec is resolved here, against the user's working directory.
    const spec = values.spec === undefined ? sourceSpecPath() : resolve(values.spec);
    return runTool('prism', ['mock', '--host', values.host, '--port', values.port, spec]);
  },
};
