import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { packageRoot, sourceSpecPath } from '../../contract/src/index.js';
import { runTool } from './run-tool.js';
import type { Command } from './types.js';

const HELP = `apikeys-kit lint [--spec FILE]

Lints the OpenAPI document with Redocly (redocly.yaml: extends "recommended" plus this project's rules).
Exit 0 when there are no errors and no warnings.

Options:
  --spec FILE   the document to lint (default: the project's spec/openapi.yaml)
  -h, --help    this text
`;

export const lintCommand: Command = {
  summary: 'lint the OpenAPI document with Redocly',
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: { spec: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      }));
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n\n${HELP}`);
      return 2;
    }
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const args = ['lint', '--format=stylish', '--config', join(packageRoot(), 'redocly.yaml')];
    // A custom document is linted under the same rules. The tool runs in the package's folder, so a relative --spec
    // is resolved here, against the user's working directory.
    args.push(values.spec === undefined ? sourceSpecPath() : resolve(values.spec));
    const code = await runTool('redocly', args);
    return code === 0 ? 0 : 1;
  },
};
