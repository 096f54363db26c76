import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../contract/src/index.js';
import { loadVariants } from './gallery.js';
import { renderVariantTable, TABLE_END, TABLE_START } from './variant-table.js';

const README = join(packageRoot(), 'README.md');

describe('the README variant table', () => {
  it('is the table generated from the variants gallery (UPDATE_VARIANT_TABLE=1 rewrites it: npm run variants:table)', async () => {
    const table = renderVariantTable(await loadVariants());
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(TABLE_START);
    const end = readme.indexOf(TABLE_END);
    expect(start, 'README has the variant-table markers').toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const current = readme.slice(start, end + TABLE_END.length);
    if (process.env['UPDATE_VARIANT_TABLE'] === '1' && current !== table) {
      writeFileSync(README, readme.slice(0, start) + table + readme.slice(end + TABLE_END.length));
      return;
    }
    expect(current).toBe(table);
  });
});
