import { Worker } from 'node:worker_threads';
import type { StartedTarget, StartTarget } from '../conformance/src/index.js';
import { createServer } from '../reference-server/src/index.js';

type Started = Omit<StartedTarget, 'close'>;

/** Options of the main script's own source (`node --input-type=module -e CODE`), which a worker refuses to inherit. */
const SOURCE_OPTIONS = new Set(['-e', '--eval', '-p', '--print']);

/**
 * The caller's Node options for the worker (a loader or --enable-source-maps must reach it too), but those that say
 * how to read the main script: with them a Worker fails ("--input-type can only be used with string input").
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    if (SOURCE_OPTIONS.has(arg))
      i++; // and its code
    else if (!arg.startsWith('--input-type') && !/^--(eval|print)=/.test(arg)) out.push(arg);
  }
  return out;
}

/**
 * The reference server in a worker thread: the kit and the server each get a core, instead of taking turns on one
 * event loop. Rejects when the worker fails before it listens.
 */
function startInWorker(
  worker: URL,
  setup: { specPath: string; endpointIds: readonly string[] },
): Promise<StartedTarget> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(worker, {
      execArgv: workerExecArgv(process.execArgv),
      workerData: { specPath: setup.specPath, endpointIds: [...setup.endpointIds] },
    });
    thread.once('error', reject);
    thread.once('message', (started: Started) => {
      thread.off('error', reject);
      const close = () =>
        new Promise<void>((done) => {
          thread.once('exit', () => done());
          thread.postMessage('close');
        });
      resolve({ ...started, close });
    });
  });
}

/**
 * The reference server as a target the conformance run starts and stops itself (`apikeys-kit conformance` without
 * `--target`, `npm start`). The CLI wires the two parts; neither imports the other. Built, the server runs in a
 * worker thread (reference-server-worker.js); from the TypeScript sources (vitest), where a worker cannot load the
 * entry, it runs on the caller's thread.
 */
export const referenceServerTarget: StartTarget = {
  async start({ specPath, endpointIds }) {
    const worker = new URL('./reference-server-worker.js', import.meta.url);
    if (import.meta.url.endsWith('.js')) return startInWorker(worker, { specPath, endpointIds });
    const server = await createServer({ log: () => undefined, specPath, endpointIds: [...endpointIds] });
    return { url: server.url, apiKey: server.apiKey, endpointIds: server.endpointIds, close: () => server.close() };
  },
};
