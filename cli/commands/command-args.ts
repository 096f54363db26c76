import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The options of a command that takes no positionals and has `-h, --help`: the parsed values, or the exit code when
 * the command is done (0 after printing `help`, 2 after a usage error printed with `help`).
 */
export function commandArgs<O extends Options>(
  argv: string[],
  options: O,
  help: string,
): { values: ReturnType<typeof parseArgs<{ args: string[]; options: O }>>['values'] } | { exit: number } {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${help}`);
    return { exit: 2 };
  }
  if ((values as { help?: boolean }).help === true) {
    process.stdout.write(help);
    return { exit: 0 };
  }
  return { values };
}

/** Why `port` is not a TCP port number (0 to 65535), or undefined when it is one. */
export function portProblem(port: string): string | undefined {
  return /^\d{1,5}$/.test(port) && Number(port) <= 65535
    ? undefined
    : `--port must be a number from 0 to 65535, got "${port}"`;
}
