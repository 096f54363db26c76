import { describe, expect, it } from 'vitest';
import { loadVariants } from './gallery.js';
import { variantSuite } from './variant-suite.js';

// The gallery runs in three files (this one, variants-2 and variants-3) so vitest runs the parts in parallel; run one
// variant with `npx vitest run conformance/test/variants -t <id>`.
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

await variantSuite(1, 3);
