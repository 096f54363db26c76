import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleSpec, generateTypes, targets } from '../../scripts/generate.mjs';

describe('derived artefacts are never stale', () => {
  it('spec/dist/openapi.json equals a fresh Redocly bundle of spec/openapi.yaml', () => {
    expect(readFileSync(targets.bundle, 'utf8')).toBe(bundleSpec());
  });

  it('spec/generated/openapi.ts equals fresh openapi-typescript output', async () => {
    expect(readFileSync(targets.types, 'utf8')).toBe(await generateTypes());
  });
});
