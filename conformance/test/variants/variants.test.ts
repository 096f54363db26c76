import { describe, expect, it } from 'vitest';
import { loadVariants } from './gallery.js';

// The gallery's own rules. The kit runs against every variant in `npm run test:extended` (CI runs it after `npm test`),
// at 10 runs per property with two seeds: conformance/test/extended/variants-seed-*.test.ts. Run one variant with
// `EXTENDED=1 npx vitest run conformance/test/extended/variants-seed-7.test.ts -t <id>`.
const variants = await loadVariants();

describe('the variants gallery', () => {
  it('has at least 25 variants, each with a one-line description and what allows it', () => {
    expect(variants.length).toBeGreaterThanOrEqual(25);
    for (const v of variants) {
      expect(v.description.length, v.id).toBeGreaterThan(10);
      expect(v.description, `${v.id}: the description is one line`).not.toMatch(/\n/);
      expect(v.allowedBy.length, v.id).toBeGreaterThan(10);
    }
  });
});
