import { parentPort, workerData } from 'node:worker_threads';
import { createServer } from '../reference-server/src/index.js';

/**
 * The reference server in a worker thread, for the in-process target (see in-process-target.ts): it posts where it
 * listens, and closes on the first message it gets back.
 */
const port = parentPort;
if (port) {
  const { specPath, endpointIds } = workerData as { specPath: string; endpointIds: string[] };
  const server = await createServer({ log: () => undefined, specPath, endpointIds });
  port.postMessage({ url: server.url, apiKey: server.apiKey, endpointIds: server.endpointIds });
  port.once('message', () => {
    void server.close().then(() => port.close());
  });
}
