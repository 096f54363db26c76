import { xmlSafe } from './junit.js';

/** Markup that is already safe: produced by {@link html}, never from a report's text. */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

/** What {@link html} accepts between its literal parts; everything but {@link Html} is escaped as text. */
export type HtmlValue = Html | string | number | boolean | undefined | null | readonly HtmlValue[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text as HTML character data or a quoted attribute value: the five significant characters become references, and
 * characters HTML cannot carry (controls, lone surrogates, noncharacters) become U+FFFD. A hostile target controls
 * much of what a report quotes (bodies, headers, Location values), so this runs on every interpolated value.
 */
export function escapeHtml(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.markup;
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template that escapes by default: `html\`<td>${text}</td>\`` escapes `text`; nested `html` results and arrays
 * of them are inserted as they are. Only the template's literal parts are trusted.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}
