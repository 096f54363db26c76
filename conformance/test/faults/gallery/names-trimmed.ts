import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '../../../../reference-server/src/index.js';
import { bundledSpecPath } from '../../../../spec/lib/index.js';
import { storeWith, type Fault } from '../fault.js';

/** Input "cleaned" instead of validated: the edge white space rule is missing and the store trims names. */
export const fault: Fault = {
  id: 'names-trimmed',
  description: 'names with white space at an edge are trimmed and accepted instead of answered 400',
  caughtBy: ['negative-inputs'],
  apply: () => {
    const source = readFileSync(bundledSpecPath(), 'utf8');
    const relaxed = source.replace('^(?!\\\\s)(?!.*\\\\s$)', '^');
    if (relaxed === source) throw new Error('the name pattern changed: update this fault');
    const file = join(mkdtempSync(join(tmpdir(), 'fault-names-trimmed-')), 'openapi.json');
    writeFileSync(file, relaxed);
    return {
      specPath: file,
      store: storeWith(new MemoryStore(), (base) => ({ create: (r) => base.create({ ...r, name: r.name.trim() }) })),
    };
  },
};
