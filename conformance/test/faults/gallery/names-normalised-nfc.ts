import { MemoryStore } from '../../../../reference-server/src/index.js';
import { storeWith, type Fault } from '../fault.js';

/** The persistence layer normalises text to NFC: names with combining marks do not come back unchanged. */
export const fault: Fault = {
  id: 'names-normalised-nfc',
  description: 'stored names are NFC-normalised, so "e\\u0301" comes back as "é"',
  caughtBy: ['positive-names'],
  apply: () => ({
    store: storeWith(new MemoryStore(), (base) => ({
      create: (r) => base.create({ ...r, name: r.name.normalize('NFC') }),
    })),
  }),
};
