/** The longest excerpt of a rule's text put into a report. */
const MAX = 400;

/**
 * The sentence a check's rule points at, for reports: the text at the rule's JSON Pointer (RFC 6901) in the spec, or
 * the nearest enclosing `description`; with a section name in parentheses (`#/info/description (Order of checks)`),
 * the paragraph that starts with that bold heading. Undefined when the document has no text there.
 */
export function ruleText(document: unknown, rule: string): string | undefined {
  const m = /^#(\/[^ ]*)?(?:\s+\(([^)]+)\))?$/.exec(rule.trim());
  if (!m) return undefined;
  const tokens = (m[1] ?? '')
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = document;
  let text: string | undefined;
  for (const t of tokens) {
    if (
      typeof node === 'object' &&
      node !== null &&
      typeof (node as Record<string, unknown>)['description'] === 'string'
    ) {
      text = (node as Record<string, string>)['description'];
    }
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[t] : undefined;
    if (node === undefined) return undefined;
  }
  if (typeof node === 'string') text = node;
  else if (
    typeof node === 'object' &&
    node !== null &&
    typeof (node as Record<string, unknown>)['description'] === 'string'
  ) {
    text = (node as Record<string, string>)['description'];
  }
  if (text === undefined) return undefined;
  const section = m[2];
  if (section) {
    const para = text.split(/\n\s*\n/).find((p) => p.trim().startsWith(`**${section}`));
    if (para) text = para;
  }
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX ? `${flat.slice(0, MAX - 1)}…` : flat;
}
