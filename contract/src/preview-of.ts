import type { PreviewRule } from './types.js';

/** Computes a preview of `secret` by a spec-declared rule. */
export function previewOf(rule: PreviewRule, secret: string): string {
  const chars = Array.from(secret);
  return (
    chars.slice(0, rule.keepStart).join('') +
    rule.maskChar.repeat(rule.maskLength) +
    chars.slice(chars.length - rule.keepEnd).join('')
  );
}
