import { Worker } from 'node:worker_threads';
import type { PreparedTarget, StartedTarget, StartTarget } from '../conformance/src/index.js';
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

/** A worker thread running reference-server-worker.js with `workerData`, with the caller's usable Node options. */
function spawnWorker(workerData: { specPath: string; endpointIds?: string[] }): Worker {
  return new Worker(new URL('./reference-server-worker.js', import.meta.url), {
    execArgv: workerExecArgv(process.execArgv),
    workerData,
  });
}

/**
 * The worker's server once it listens (after sending it its Endpoint ids, when given). Rejects when the worker fails
 * or exits before it listens.
 */
function listening(thread: Worker, endpointIds?: readonly string[]): Promise<StartedTarget> {
  return new Promise((resolve, reject) => {
    const exited = (code: number) =>
      reject(new Error(`the reference server's worker exited (${code}) before it listened`));
    thread.once('error', reject);
    thread.once('exit', exited);
    thread.once('message', (started: Started) => {
      thread.off('error', reject);
      thread.off('exit', exited);
      const close = () =>
        new Promise<void>((done) => {
          thread.once('exit', () => done());
          thread.postMessage('close');
        });
      resolve({ ...started, close });
    });
    if (endpointIds) thread.postMessage([...endpointIds]);
  });
}

/**
 * A worker that loads the server and its contract while the run loads the spec on its own thread (about 0.15 s of an
 * in-process run). Until the run starts it, it is unreferenced (it cannot keep the process alive), and an error of
 * its (a spec it cannot load) is kept for `start` to report.
 */
function prepareWorker(specPath: string): PreparedTarget {
  const thread = spawnWorker({ specPath });
  thread.unref();
  let failure: Error | undefined;
  const onError = (e: Error) => void (failure = e);
  thread.on('error', onError);
  return {
    start(endpointIds) {
      thread.off('error', onError);
      if (failure) return Promise.reject(failure);
      thread.ref();
      return listening(thread, endpointIds);
    },
    cancel: () => void thread.terminate(),
  };
}

/** Whether this module runs built (dist/): only then can a worker thread load the server's entry. */
const built = import.meta.url.endsWith('.js');

/**
 * The reference server as a target the conformance run starts and stops itself (`apikeys-kit conformance` without
 * `--target`, `npm start`). The CLI wires the two parts; neither imports the other. Built, the server runs in a
 * worker thread (reference-server-worker.js), so the kit and the server each get a core instead of taking turns on
 * one event loop; from the TypeScript sources (vitest), where a worker cannot load the entry, it runs on the caller's
 * thread.
 */
export const referenceServerTarget: StartTarget = {
  async start({ specPath, endpointIds }) {
    if (built) return listening(spawnWorker({ specPath, endpointIds: [...endpointIds] }));
    const server = await createServer({ log: () => undefined, specPath, endpointIds: [...endpointIds] });
    return { url: server.url, apiKey: server.apiKey, endpointIds: server.endpointIds, close: () => server.close() };
  },
  prepare({ specPath }) {
    if (built) return prepareWorker(specPath);
    return { start: (endpointIds) => referenceServerTarget.start({ specPath, endpointIds }), cancel: () => undefined };
  },
};
