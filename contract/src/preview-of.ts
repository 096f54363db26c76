import type { PreviewRule } from './types.js';

// Any UTF-16 surrogate: only then do code points and UTF-16 units differ.
const SURROGATE = /[\uD800-\uDFFF]/;

/** Computes a preview of `secret` by a spec-declared rule (counting code points). */
export function previewOf(rule: PreviewRule, secret: string): string {
  const mask = rule.maskChar.repeat(rule.maskLength);
  if (!SURROGATE.test(secret)) {
    return secret.slice(0, rule.keepStart) + mask + secret.slice(secret.length - rule.keepEnd);
  }
  const chars = Array.from(secret);
  return chars.slice(0, rule.keepStart).join('') + mask + chars.slice(chars.length - rule.keepEnd).join('');
}
