import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContract, packageRoot, sourceSpecPath } from '../../contract/src/index.js';

describe('npm run docs', () => {
  it('builds a self-contained HTML reference that names every operation', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'apikeys-kit-docs-')), 'index.html');
    const r = spawnSync('npm', ['run', 'docs'], {
      cwd: packageRoot(),
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, DOCS_OUT: out },
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    for (const op of loadContract(sourceSpecPath()).operations) expect(html).toContain(op.summary);
  });
});
