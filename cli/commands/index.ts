import type { Command } from './types.js';
import { lintCommand } from './lint.js';
import { mockCommand } from './mock.js';
import { proxyCommand } from './proxy.js';
import { conformanceCommand } from './conformance.js';
import { serveCommand } from './serve.js';

/** Every subcommand, by name. */
export const commands: Record<string, Command> = {
  lint: lintCommand,
  mock: mockCommand,
  proxy: proxyCommand,
  conformance: conformanceCommand,
  serve: serveCommand,
};
