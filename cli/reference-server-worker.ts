import { parentPort, workerData } from 'node:worker_threads';
import { loadContract } from '../contract/src/index.js';
import { createServer } from '../reference-server/src/index.js';

/**
 * The reference server in a worker thread, for the in-process target (see in-process-target.ts). It loads the
 * contract at once; its Endpoint ids come in `workerData`, or, for a target prepared before the run knew them, in the
 * first message. It posts where it listens, and closes on the next message it gets.
 */
const port = parentPort;
if (port) {
  const data = workerData as { specPath: string; endpointIds?: string[] };
  const contract = loadContract(data.specPath);
  const endpointIds =
    data.endpointIds ??
    (await new Promise<string[]>((resolve) => port.once('message', (ids: string[]) => resolve(ids))));
  const server = await createServer({ log: () => undefined, contract, endpointIds });
  port.postMessage({ url: server.url, apiKey: server.apiKey, endpointIds: server.endpointIds });
  port.once('message', () => {
    void server.close().then(() => port.close());
  });
}
