import { randomBytes } from 'node:crypto';

/**
 * Makes 24-lowercase-hex identifiers in the style of MongoDB ObjectIds: 4 bytes of Unix seconds, 5 random bytes
 * fixed per generator, 3 bytes of a counter starting at a random value. Unique within a generator, and increasing
 * with time, so new keys land at the end of the ordered index.
 */
export function createObjectIdGenerator(clock: () => number = Date.now): () => string {
  const processPart = randomBytes(5);
  let counter = randomBytes(3).readUIntBE(0, 3);
  return () => {
    const id = Buffer.alloc(12);
    id.writeUInt32BE(Math.floor(clock() / 1000) >>> 0, 0);
    processPart.copy(id, 4);
    counter = (counter + 1) % 0x1000000;
    id.writeUIntBE(counter, 9, 3);
    return id.toString('hex');
  };
}
