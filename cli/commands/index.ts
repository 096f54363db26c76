import type { Command } from './types.js';
import { lintCommand } from './lint.js';
import { mockCommand } from './mock.js';

/** Every subcommand, by name. */
export const commands: Record<string, Command> = {
  lint: lintCommand,
  mock: mockCommand,
};
