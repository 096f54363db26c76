import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { packageRoot } from '../../../contract/src/index.js';

/** The independent implementation of the spec in Python (independent/python/server.py), started on a free port. */
export interface PythonServer {
  url: string;
  apiKey: string;
  endpointIds: [string, string];
  close(): Promise<void>;
}

export const PYTHON_SERVER = join(packageRoot(), 'independent', 'python', 'server.py');

/** Starts `python3 independent/python/server.py` on 127.0.0.1, port 0; resolves once it prints where it listens. */
export async function startPythonServer(): Promise<PythonServer> {
  const apiKey = randomBytes(16).toString('hex');
  const endpointIds: [string, string] = ['64f1c2a9b8e7d6c5b4a39281', '650a8d2c6f1e4b0012ab34ce'];
  const args = [PYTHON_SERVER, '--port', '0', ...endpointIds.flatMap((id) => ['--endpoint-id', id])];
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn('python3', args, {
    // The key goes through the environment, never on a command line other processes can read.
    env: { ...process.env, APIKEYS_KIT_API_KEY: apiKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`python3 server.py did not start in 10 s: ${stderr}`)), 10_000);
    child.once('error', (e) =>
      reject(new Error(`cannot run python3 (needed for the independent server): ${e.message}`)),
    );
    child.once('exit', (code) => reject(new Error(`python3 server.py exited with ${code}: ${stderr}`)));
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return {
    url,
    apiKey,
    endpointIds,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
