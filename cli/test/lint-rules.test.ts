import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sourceSpecPath } from '../../contract/src/index.js';
import { CLI } from './support.js';

const spec = readFileSync(sourceSpecPath(), 'utf8');

/** One edit of the contract: what it replaces (found exactly once) and with what. */
type Edit = readonly [from: string | RegExp, to: string];

function lintCopy(edits: readonly Edit[]): { status: number | null; output: string } {
  let variant = spec;
  for (const [from, to] of edits) {
    const next = variant.replace(from, to);
    expect(next, `the edit of ${String(from).slice(0, 60)} changes the contract`).not.toBe(variant);
    variant = next;
  }
  const file = join(mkdtempSync(join(tmpdir(), 'apikeys-kit-rule-')), 'openapi.yaml');
  writeFileSync(file, variant);
  const r = spawnSync(process.execPath, [CLI, 'lint', '--spec', file], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, output: r.stdout + r.stderr };
}

describe('apikeys-kit lint --spec FILE (a copy of the contract)', () => {
  it('passes an unchanged copy at another path: the known Redocly false positives are ignored there too', () => {
    const r = lintCopy([]);
    expect(r.output).toMatch(/6 problems are explicitly ignored/);
    expect(r.output).toMatch(/lint: Redocly passed, Spectral passed/);
    expect(r.status).toBe(0);
  });
});

/**
 * One copy broken in several independent places, linted once (each lint spawns Redocly and loads Spectral's rulesets:
 * about 3 s of CPU): every test below names the finding its edit must produce, at its place.
 */
describe('apikeys-kit lint fails a broken copy, naming each broken rule', () => {
  let r: { status: number | null; output: string };
  beforeAll(() => {
    r = lintCopy([
      // apikeys/secret-response-no-store: the 201 that carries the key loses Cache-Control.
      ["            Cache-Control:\n              $ref: '#/components/headers/CacheControlNoStore'\n", ''],
      // apikeys/secret-only-in-create: the read operation's 200 carries the create schema, key included.
      [
        "                $ref: '#/components/schemas/EndpointApiKeyMetadata'\n              examples:\n                seed:\n                  $ref: '#/components/examples/MetadataJson'",
        "                $ref: '#/components/schemas/EndpointApiKeyCreated'\n              examples:\n                seed:\n                  $ref: '#/components/examples/CreatedJson'",
      ],
      // OWASP api4:2023-string-limit: a name without maxLength.
      ['      minLength: 1\n      maxLength: 128\n', '      minLength: 1\n'],
      // spectral:oas and Redocly operationId uniqueness: the list operation takes the create operation's id.
      ['operationId: listEndpointApiKeys', 'operationId: createEndpointApiKey'],
      // Redocly operation-operationId: the delete operation has none.
      [/^ *operationId: deleteEndpointApiKey\n/m, ''],
    ]);
  });

  it('exits 1, both linters failed', () => {
    expect(r.output).toContain('lint: Redocly failed, Spectral failed');
    expect(r.status).toBe(1);
  });

  it('apikeys/secret-response-no-store: a 201 that carries the key without Cache-Control', () => {
    expect(r.output).toMatch(/apikeys\/secret-response-no-store\s+Response 201 carries secret field\(s\) key/);
  });

  it('apikeys/secret-only-in-create: a read operation whose response schema carries the key', () => {
    expect(r.output).toMatch(/apikeys\/secret-only-in-create\s+GET response 200 carries secret field\(s\) key/);
  });

  it('Spectral OWASP string-limit: KeyName and the request property that refers to it', () => {
    expect(r.output).toMatch(/error\s+owasp:api4:2023-string-limit\s.*\(#\/components\/schemas\/KeyName\)/);
    expect(r.output).toMatch(
      /error\s+owasp:api4:2023-string-limit\s.*\(#\/components\/schemas\/CreateEndpointApiKeyRequest\/properties\/name\)/,
    );
  });

  it('spectral:oas and Redocly: one operationId twice, and an operation without one', () => {
    expect(r.output).toMatch(
      /error\s+operation-operationId-unique\s.*\(#\/paths\/~1v2\.0~1endpoints~1\{endpointId\}~1apikeys\/get\/operationId\)/,
    );
    expect(r.output).toMatch(/error\s+operation-operationId-unique\s+Every operation must have a unique `operationId`/);
    expect(r.output).toMatch(/error\s+operation-operationId\s+Operation object should contain `operationId` field/);
  });

  it('counts only what applies: the three Spectral errors of the edits; excepted findings are not errors', () => {
    expect(r.output).toMatch(/^Spectral: 3 errors, \d+ warnings, 0 notes; \d+ findings do not apply/m);
  });
});
