import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequestHandler, MemoryStore } from '../../../../reference-server/src/index.js';
import { bundledSpecPath } from '../../../../contract/src/index.js';
import type { Fault } from '../fault.js';

/** The limit is enforced from Content-Length alone: a chunked body (no Content-Length) is read whatever its size. */
export const fault: Fault = {
  id: 'body-limit-content-length-only',
  description: 'the body limit is checked against Content-Length only: a chunked upload of any size is read',
  caughtBy: ['body-too-large'],
  apply: () => {
    const apiKey = 'fault-gallery-api-key-content-length-only';
    const store = new MemoryStore();
    const doc = readFileSync(bundledSpecPath(), 'utf8').replace(
      /"x-max-body-bytes": \d+/,
      '"x-max-body-bytes": 1048576',
    );
    const unlimitedSpec = join(mkdtempSync(join(tmpdir(), 'fault-content-length-only-')), 'openapi.json');
    writeFileSync(unlimitedSpec, doc);
    const unlimited = createRequestHandler({ apiKey, store, specPath: unlimitedSpec, log: () => {} });
    return {
      apiKey,
      store,
      wrapHandler: (handler) => (req, res) =>
        req.headers['content-length'] === undefined && req.headers['transfer-encoding']
          ? unlimited(req, res)
          : handler(req, res),
    };
  },
};
