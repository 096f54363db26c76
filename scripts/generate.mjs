#!/usr/bin/env node
// Derives the artefacts that must never be hand-written twins of spec/openapi.yaml:
//   spec/dist/openapi.json   the bundled single-file spec (Redocly bundle)
//   spec/generated/openapi.ts TypeScript types (openapi-typescript)
// `node scripts/generate.mjs` writes them; `--check` exits 1 when a committed copy is stale.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'spec', 'openapi.yaml');
export const targets = {
  bundle: join(root, 'spec', 'dist', 'openapi.json'),
  types: join(root, 'spec', 'generated', 'openapi.ts'),
};

/** The bundled spec as Redocly writes it. */
export function bundleSpec() {
  const dir = mkdtempSync(join(tmpdir(), 'apikeys-kit-bundle-'));
  try {
    const out = join(dir, 'openapi.json');
    execFileSync(join(root, 'node_modules', '.bin', 'redocly'), ['bundle', source, '-o', out], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** TypeScript types for the spec as openapi-typescript writes them. */
export async function generateTypes() {
  const ast = await openapiTS(pathToFileURL(source), { redocly: undefined });
  const banner = '// Generated from spec/openapi.yaml by scripts/generate.mjs (openapi-typescript). Do not edit.\n';
  return banner + astToString(ast);
}

async function main() {
  const check = process.argv.includes('--check');
  const produced = { bundle: bundleSpec(), types: await generateTypes() };
  let stale = false;
  for (const [name, text] of Object.entries(produced)) {
    const path = targets[name];
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current === text) continue;
    if (check) {
      stale = true;
      console.error(`${path} is stale: run npm run generate`);
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      console.log(`wrote ${path}`);
    }
  }
  process.exitCode = stale ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
