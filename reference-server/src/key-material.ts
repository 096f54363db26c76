import { hash } from 'node:crypto';
import { previewOf, type Contract, type JsonSchema, type PreviewRule } from '../../contract/src/index.js';
import { randomHex } from './random-hex.js';

/** A freshly generated key: the plaintext (for the 201 body only), its digest and its preview. */
export interface NewKey {
  plaintext: string;
  digest: string;
  preview: string;
}

export interface KeyMaterial {
  /** The property that carries the once-only secret (`x-secret`). */
  secretField: string;
  /** The property that carries its preview (`x-preview`). */
  previewField: string;
  generate(): NewKey;
}

/** SHA-256 of a string, lowercase hex. */
function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex');
}

/**
 * Key generation as the spec describes it: the secret property and its preview rule come from `x-secret` and
 * `x-preview`; the number of random bytes from the secret's schema (hex: two characters per byte).
 */
export function createKeyMaterial(contract: Contract, createdSchema: JsonSchema): KeyMaterial {
  const rule: PreviewRule | undefined = contract.previewRules.find((r) => contract.secretFields.includes(r.of));
  if (!rule) throw new Error('the spec declares no x-preview rule for an x-secret field');
  const properties = (createdSchema['properties'] ?? {}) as Record<string, unknown>;
  const secretSchema = contract.deref<JsonSchema>(properties[rule.of]);
  const length = secretSchema['maxLength'];
  if (typeof length !== 'number' || length % 2 !== 0) throw new Error(`the secret ${rule.of} has no even maxLength`);
  const bytes = length / 2;
  return {
    secretField: rule.of,
    previewField: rule.field,
    generate() {
      const plaintext = randomHex(bytes);
      return { plaintext, digest: sha256Hex(plaintext), preview: previewOf(rule, plaintext) };
    },
  };
}
