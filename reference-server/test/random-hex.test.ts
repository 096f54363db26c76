import { describe, expect, it } from 'vitest';
import { randomHex } from '../src/random-hex.js';

describe('randomHex (pooled random bytes)', () => {
  it('gives the requested number of bytes as lowercase hex, never the same twice, across pool refills', () => {
    const seen = new Set<string>();
    // 32 bytes × 1,000 draws: the 4 KiB pool is refilled several times, and a draw may not fit the pool's rest.
    for (let i = 0; i < 1_000; i++) {
      const hex = randomHex(i % 7 === 0 ? 5 : 32);
      expect(hex).toMatch(i % 7 === 0 ? /^[0-9a-f]{10}$/ : /^[0-9a-f]{64}$/);
      seen.add(hex);
    }
    expect(seen.size).toBe(1_000);
  });

  it('serves more bytes than the pool holds', () => {
    expect(randomHex(5_000)).toMatch(/^[0-9a-f]{10000}$/);
  });
});
