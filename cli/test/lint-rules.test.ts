import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceSpecPath } from '../../contract/src/index.js';
import { CLI } from './support.js';

const spec = readFileSync(sourceSpecPath(), 'utf8');

function lintVariant(edit: (s: string) => string, changed = true): { status: number | null; output: string } {
  const variant = edit(spec);
  if (changed) expect(variant).not.toBe(spec);
  const file = join(mkdtempSync(join(tmpdir(), 'apikeys-kit-rule-')), 'openapi.yaml');
  writeFileSync(file, variant);
  const r = spawnSync(process.execPath, [CLI, 'lint', '--spec', file], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, output: r.stdout + r.stderr };
}

describe("the contract's own lint rules (scripts/redocly-plugin.mjs)", () => {
  it('a copy of the contract at another path passes: the known Redocly false positives are ignored there too', () => {
    const r = lintVariant((s) => s, false);
    expect(r.output).toMatch(/6 problems are explicitly ignored/);
    expect(r.output).toMatch(/lint: Redocly passed, Spectral passed/);
    expect(r.status).toBe(0);
  });

  it('apikeys/secret-response-no-store fails a 201 that carries the key without Cache-Control', () => {
    const r = lintVariant((s) =>
      s.replace("            Cache-Control:\n              $ref: '#/components/headers/CacheControlNoStore'\n", ''),
    );
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/apikeys\/secret-response-no-store\s+Response 201 carries secret field\(s\) key/);
  });

  it('apikeys/secret-only-in-create fails a read operation whose response schema carries the key', () => {
    const r = lintVariant((s) =>
      s.replace(
        "                $ref: '#/components/schemas/EndpointApiKeyMetadata'\n              examples:\n                seed:\n                  $ref: '#/components/examples/MetadataJson'",
        "                $ref: '#/components/schemas/EndpointApiKeyCreated'\n              examples:\n                seed:\n                  $ref: '#/components/examples/CreatedJson'",
      ),
    );
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/apikeys\/secret-only-in-create\s+GET response 200 carries secret field\(s\) key/);
  });
});
