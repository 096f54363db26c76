import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledSpecPath } from '../../../../contract/src/index.js';
import type { Fault } from '../fault.js';

/** The body parser's default limit (1 MiB) left in place instead of the contract's: oversize bodies are read. */
export const fault: Fault = {
  id: 'body-limit-ignored',
  description: "the server reads bodies up to 1 MiB (its framework's default) instead of the contract's limit",
  caughtBy: ['body-too-large'],
  apply: () => {
    const doc = readFileSync(bundledSpecPath(), 'utf8').replace(
      /"x-max-body-bytes": \d+/,
      '"x-max-body-bytes": 1048576',
    );
    const file = join(mkdtempSync(join(tmpdir(), 'fault-body-limit-')), 'openapi.json');
    writeFileSync(file, doc);
    return { specPath: file };
  },
};
