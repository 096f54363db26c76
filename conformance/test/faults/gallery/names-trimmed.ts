import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '../../../../reference-server/src/index.js';
import { bundledSpecPath } from '../../../../contract/src/index.js';
import { storeWith, type Fault } from '../fault.js';

/** Input "cleaned" instead of validated: the edge white space rule is missing and the store trims names. */
export const fault: Fault = {
  id: 'names-trimmed',
  description: 'names with white space at an edge are trimmed and accepted instead of answered 400',
  caughtBy: ['negative-inputs'],
  apply: () => {
    const doc = JSON.parse(readFileSync(bundledSpecPath(), 'utf8')) as {
      components: { schemas: Record<string, { pattern: string }> };
    };
    const name = doc.components.schemas['KeyName']!;
    // The pattern is ^E(?:A*E)?$ (E: a code point allowed at an edge, A: anywhere): allow A at the edges too.
    const parts = /^\^(\(\?:.*?\))\(\?:(\(\?:.*?\))\*\1\)\?\$$/.exec(name.pattern);
    if (!parts) throw new Error('the name pattern changed: update this fault');
    name.pattern = `^${parts[2]}+$`;
    const file = join(mkdtempSync(join(tmpdir(), 'fault-names-trimmed-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    return {
      specPath: file,
      store: storeWith(new MemoryStore(), (base) => ({ create: (r) => base.create({ ...r, name: r.name.trim() }) })),
    };
  },
};
