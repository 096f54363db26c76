import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../contract/src/index.js';
import { catalogue } from '../../src/index.js';
import { renderFaultTable, TABLE_END, TABLE_START } from './fault-table.js';
import { loadGallery } from './gallery.js';

const README = join(packageRoot(), 'README.md');

describe('the README fault table', () => {
  it('is the table generated from the fault gallery (UPDATE_FAULT_TABLE=1 rewrites it: npm run faults:table)', async () => {
    const table = renderFaultTable(await loadGallery(), catalogue);
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(TABLE_START);
    const end = readme.indexOf(TABLE_END);
    expect(start, 'README has the fault-table markers').toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const current = readme.slice(start, end + TABLE_END.length);
    if (process.env['UPDATE_FAULT_TABLE'] === '1' && current !== table) {
      writeFileSync(README, readme.slice(0, start) + table + readme.slice(end + TABLE_END.length));
      return;
    }
    expect(current).toBe(table);
  });
});
