import type { StartTarget } from '../conformance/src/index.js';
import { createServer } from '../reference-server/src/index.js';

/**
 * The reference server as a target the conformance run starts and stops itself (`apikeys-kit conformance` without
 * `--target`, `npm start`). The CLI wires the two parts; neither imports the other.
 */
export const referenceServerTarget: StartTarget = {
  async start({ specPath, endpointIds }) {
    const server = await createServer({ log: () => undefined, specPath, endpointIds: [...endpointIds] });
    return { url: server.url, apiKey: server.apiKey, endpointIds: server.endpointIds, close: () => server.close() };
  },
};
