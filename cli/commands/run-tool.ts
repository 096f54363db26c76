import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../contract/src/index.js';

/** Path of an executable installed in this package's node_modules/.bin. */
export function toolPath(name: string): string {
  return join(packageRoot(), 'node_modules', '.bin', name);
}

/** Runs a bundled tool with inherited stdio, forwarding SIGINT/SIGTERM; resolves to its exit code. */
export function runTool(name: string, args: string[], cwd: string = packageRoot()): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(toolPath(name), args, { cwd, stdio: 'inherit' });
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
