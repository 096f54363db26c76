import { randomBytes } from 'node:crypto';

const hex = (value: number, digits: number): string => value.toString(16).padStart(digits, '0');

/**
 * Makes 24-lowercase-hex identifiers in the style of MongoDB ObjectIds: 4 bytes of Unix seconds, 5 random bytes
 * fixed per generator, 3 bytes of a counter starting at a random value. Unique within a generator, and increasing
 * with time, so new keys land at the end of the ordered index.
 */
export function createObjectIdGenerator(clock: () => number = Date.now): () => string {
  const processPart = randomBytes(5).toString('hex');
  let counter = randomBytes(3).readUIntBE(0, 3);
  return () => {
    counter = (counter + 1) % 0x1000000;
    return hex(Math.floor(clock() / 1000) >>> 0, 8) + processPart + hex(counter, 6);
  };
}
