#!/usr/bin/env node
/**
 * `apikeys-kit`: one program, several subcommands. The CLI only wires parts together; it holds no contract logic.
 * Exit codes: 0 success, 1 a check or lint failed, 2 usage error (or target unreachable).
 */
import { commands } from './commands/index.js';

const USAGE = `apikeys-kit <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join('\n')}

Run "apikeys-kit <command> --help" for a command's options.
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`apikeys-kit: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return (await command.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`apikeys-kit: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
