import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageRoot } from '../../contract/src/index.js';

/** The tools the CLI runs, by command name, and the npm package (a dependency of this one) that provides each. */
const TOOLS = { redocly: '@redocly/cli', prism: '@stoplight/prism-cli' } as const;

export type ToolName = keyof typeof TOOLS;

/**
 * Path of a tool's JavaScript entry, found through Node's module resolution from this module (so it works from a
 * clone and from a hoisted `node_modules` when the kit is installed as a dependency): the providing package's
 * package.json, then its `bin` field.
 */
export function toolPath(name: ToolName): string {
  const pkg = TOOLS[name];
  const manifest = createRequire(import.meta.url).resolve(`${pkg}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> };
  const entry = typeof bin === 'string' ? bin : bin?.[name];
  if (entry === undefined) throw new Error(`${pkg} declares no "${name}" executable in its package.json bin field`);
  return join(dirname(manifest), entry);
}

/**
 * Runs a bundled tool with the current Node executable and inherited stdio, forwarding SIGINT/SIGTERM; resolves to
 * its exit code.
 */
export function runTool(name: ToolName, args: string[], cwd: string = packageRoot()): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [toolPath(name), ...args], { cwd, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 0 : 1));
    });
  });
}
