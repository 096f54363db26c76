import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCursorCodec, createObjectIdGenerator } from '../src/index.js';

describe('cursor codec', () => {
  const codec = createCursorCodec();
  const position = { createdAt: 1_694_518_620, _id: '650a8d2c6f1e4b0012ab34cd' };

  it('decodes what it encoded, for the same Endpoint only', () => {
    const c = codec.encode('a'.repeat(24), 'after', position);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(codec.decode('a'.repeat(24), c)).toEqual({ direction: 'after', position });
    expect(codec.decode('b'.repeat(24), c)).toBeUndefined();
  });

  it("refuses another process's cursors and every altered cursor", () => {
    const c = codec.encode('a'.repeat(24), 'before', position);
    expect(createCursorCodec().decode('a'.repeat(24), c)).toBeUndefined();
    fc.assert(
      fc.property(fc.nat({ max: c.length - 1 }), fc.constantFrom(...'ABCabc019-_'), (i, ch) => {
        fc.pre(c[i] !== ch);
        const altered = c.slice(0, i) + ch + c.slice(i + 1);
        expect(codec.decode('a'.repeat(24), altered)).toBeUndefined();
      }),
      { seed: 3, numRuns: 200 },
    );
  });
});

describe('ObjectId generator', () => {
  it('makes unique 24-hex ids that increase with time', () => {
    let now = 1_700_000_000_000;
    const next = createObjectIdGenerator(() => now);
    const ids = Array.from({ length: 1000 }, (_, i) => {
      if (i % 100 === 0) now += 1000;
      return next();
    });
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(ids.slice(0, 100).every((id) => id < ids[100]!)).toBe(true);
  });
});
