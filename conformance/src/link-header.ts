import type { Exchange } from './exchange.js';

/** One link of a `Link` header (RFC 8288 §3) for one relation type. */
export interface Link {
  /** The URI-Reference between `<` and `>`, as written. */
  target: string;
  /** One relation type of the link's `rel`, lower case (RFC 8288 §2.1.1: compared case-insensitively). */
  rel: string;
  /** Every other parameter by lower-case name, values unquoted (`title*` and the like decoded to their text). */
  params: Record<string, string>;
}

/**
 * The links of a `Link` field value (RFC 8288 §3, parsed as Appendix B.2 and B.3 describe): link-values separated by
 * commas outside `<…>` and quoted strings (several header lines arrive joined by commas), parameters in any order and
 * spacing, names in any letter case, token or quoted-string values, parameters without a value, only the first `rel`
 * of a link-value (§3.3), and a `rel` with several relation types giving one link per type. A malformed link-value is
 * skipped; the others are kept.
 *
 * Written here rather than taken from a package: `http-link-header` (1.1.3 and 1.1.4) misreads valid headers (a space
 * before the comma between link-values, a parameter without a value, a leading empty list element), and a conformance
 * tool must not fail a valid header. `conformance/test/link-header.test.ts` holds those cases.
 */
export function parseLinkHeader(value: string): Link[] {
  const out: Link[] = [];
  const n = value.length;
  let i = 0;
  const ows = () => {
    while (i < n && (value[i] === ' ' || value[i] === '\t')) i++;
  };
  /** Skips the rest of a malformed link-value, up to the next comma outside a quoted string. */
  const skipValue = () => {
    let quoted = false;
    for (; i < n; i++) {
      const c = value[i];
      if (quoted && c === '\\') i++;
      else if (c === '"') quoted = !quoted;
      else if (c === ',' && !quoted) return;
    }
  };
  /** One parameter value: a quoted string (RFC 9110 §5.6.4) or a token. */
  const paramValue = (): string => {
    let v = '';
    if (value[i] === '"') {
      for (i++; i < n && value[i] !== '"'; i++) {
        if (value[i] === '\\' && i + 1 < n) i++;
        v += value[i];
      }
      i++;
    } else {
      while (i < n && !/[;,\s]/.test(value[i]!)) v += value[i++];
    }
    return v;
  };
  while (i < n) {
    ows();
    if (i >= n) break;
    if (value[i] === ',') {
      i++;
      continue;
    }
    if (value[i] !== '<') {
      skipValue();
      continue;
    }
    const close = value.indexOf('>', i + 1);
    if (close < 0) break;
    const target = value.slice(i + 1, close);
    i = close + 1;
    const params: Record<string, string> = {};
    let ok = true;
    for (;;) {
      ows();
      if (i >= n || value[i] === ',') break;
      if (value[i] !== ';') {
        ok = false;
        skipValue();
        break;
      }
      i++;
      ows();
      let name = '';
      while (i < n && !/[=;,\s]/.test(value[i]!)) name += value[i++];
      ows();
      let v = '';
      if (value[i] === '=') {
        i++;
        ows();
        v = paramValue();
      }
      const key = name.toLowerCase();
      if (key !== '' && !(key in params)) params[key] = v;
    }
    if (!ok) continue;
    const { rel = '', ...rest } = params;
    for (const r of rel.split(/[ \t]+/).filter(Boolean)) out.push({ target, rel: r.toLowerCase(), params: rest });
  }
  return out;
}

/**
 * The target (URI-reference, as written) of the response's first link with relation `rel`, or null. The relation type
 * is matched case-insensitively, among the several a `rel` parameter may carry.
 */
export function linkTarget(ex: Pick<Exchange, 'headers'>, rel: string): string | null {
  const header = ex.headers['link'];
  if (!header) return null;
  const wanted = rel.toLowerCase();
  return parseLinkHeader(header).find((l) => l.rel === wanted)?.target ?? null;
}

/**
 * The URL of the response's first link with relation `rel`, resolved against the request URL (RFC 3986 §5.2), or
 * null when there is no such link or its target is not a URI-reference.
 */
export function linkUrl(ex: Pick<Exchange, 'headers' | 'url'>, rel: string): URL | null {
  const target = linkTarget(ex, rel);
  if (target === null) return null;
  try {
    return new URL(target, ex.url);
  } catch {
    return null;
  }
}

/** The cursor query parameter of the response's link with relation `rel`, or null when absent. */
export function linkCursor(ex: Pick<Exchange, 'headers' | 'url'>, param: string, rel: string): string | null {
  return linkUrl(ex, rel)?.searchParams.get(param) ?? null;
}
