/** A subcommand of `apikeys-kit`. `run` resolves to the process exit code. */
export interface Command {
  run(argv: string[]): Promise<number>;
}

/** A subcommand as the program lists it: its one-line summary, and its module, loaded only when it runs. */
export interface CommandEntry {
  summary: string;
  load(): Promise<Command>;
}
