import type { IncomingMessage, ServerResponse } from 'node:http';
import { splitOutsideQuotes } from '../../../contract/src/index.js';
import { MemoryStore, type ServeOptions, type Store } from '../../../reference-server/src/index.js';
import { rewriteRequests, rewriteResponses, storeWith, wrapAll, type IncomingRequestInfo } from '../faults/fault.js';

/**
 * One legal way to implement the contract differently from the reference server, applied to it from outside (a
 * wrapper around its request handler, or a replaced store function). The mirror of a fault: the kit must PASS it.
 */
export interface Variant {
  /** Stable kebab-case id (the file name). */
  id: string;
  /** One line: what differs from the reference server. */
  description: string;
  /** What allows it: the spec's sentence or JSON Pointer, or the RFC section. */
  allowedBy: string;
  /** Serve options that apply the variant. */
  apply(): Partial<ServeOptions>;
}

type Wrapper = NonNullable<ServeOptions['wrapHandler']>;
type Handler = (req: IncomingMessage, res: ServerResponse) => void;
type HeaderValue = string | number | readonly string[];

/** The head of a response as it goes on the wire: status, reason phrase, and the header lines in order, names as written. */
export interface RawHead {
  status: number;
  /** Undefined: node:http's standard phrase. */
  reason: string | undefined;
  lines: [name: string, value: string][];
}

function headLines(headers: Record<string, HeaderValue> | readonly unknown[] | undefined): [string, string][] {
  if (headers === undefined) return [];
  if (Array.isArray(headers)) {
    const out: [string, string][] = [];
    for (let i = 0; i + 1 < headers.length; i += 2) out.push([String(headers[i]), String(headers[i + 1])]);
    return out;
  }
  return Object.entries(headers as Record<string, HeaderValue>).flatMap(([k, v]) =>
    Array.isArray(v) ? v.map((x): [string, string] => [k, String(x)]) : [[k, String(v)] as [string, string]],
  );
}

/**
 * Wraps the handler so the head of every response (status line and header lines, names in the case written) passes
 * through `change` right before node:http writes it. Use it outermost (first in wrapAll), after any rewriteResponses.
 */
export function rewriteHead(change: (head: RawHead, req: IncomingRequestInfo) => RawHead): Wrapper {
  return (handler: Handler) => (req, res) => {
    const info: IncomingRequestInfo = { method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } };
    const writeHead = res.writeHead.bind(res);
    res.writeHead = ((code: number, a?: string | Record<string, HeaderValue>, b?: Record<string, HeaderValue>) => {
      const headers = typeof a === 'string' ? b : a;
      const head = change(
        { status: code, reason: typeof a === 'string' ? a : undefined, lines: headLines(headers) },
        info,
      );
      const flat = head.lines.flat();
      return head.reason === undefined ? writeHead(head.status, flat) : writeHead(head.status, head.reason, flat);
    }) as ServerResponse['writeHead'];
    handler(req, res);
  };
}

/** Renames every response header (e.g. to upper case); node:http writes names exactly as given. */
export function renameHeaders(rename: (name: string) => string): Wrapper {
  return rewriteHead((head) => ({ ...head, lines: head.lines.map(([k, v]) => [rename(k), v]) }));
}

/**
 * Sends every response body with `Transfer-Encoding: chunked` (RFC 9112 §7.1) instead of `Content-Length`, in
 * `pieces` chunks. Use it outermost (first in wrapAll).
 */
export function chunkedResponses(pieces = 3): Wrapper {
  return (handler: Handler) => (req, res) => {
    const writeHead = res.writeHead.bind(res);
    const end = res.end.bind(res);
    res.writeHead = ((code: number, a?: string | Record<string, HeaderValue>, b?: Record<string, HeaderValue>) => {
      const headers = typeof a === 'string' ? b : a;
      const lines = headLines(headers).filter(([k]) => k.toLowerCase() !== 'content-length');
      return typeof a === 'string' ? writeHead(code, a, lines.flat()) : writeHead(code, lines.flat());
    }) as ServerResponse['writeHead'];
    res.end = ((body?: string | Buffer) => {
      const bytes = body === undefined ? Buffer.alloc(0) : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      // Split on byte boundaries, even inside a UTF-8 sequence: chunks are bytes, not characters.
      const size = Math.ceil(bytes.length / pieces);
      for (let at = 0; size > 0 && at < bytes.length; at += size) res.write(bytes.subarray(at, at + size));
      return end();
    }) as ServerResponse['end'];
    handler(req, res);
  };
}

/** A store that assigns every new key its `_id` (as a database would), from `newId`; otherwise the default store. */
export function storeAssigningIds(newId: () => string): Store {
  return storeWith(new MemoryStore(), (base) => ({
    create: async (record) => {
      // The handler reads the id from the record after the store has written it.
      record._id = newId();
      await base.create(record);
    },
  }));
}

/**
 * Random-looking strings from a seeded generator (mulberry32), so a variant with "random" values behaves the same on
 * every run of the gallery (the kit's seed is fixed too).
 */
export function seededStrings(seed: number, alphabet: string): (length: number) => string {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (length) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]!).join('');
}

/** Whether a Content-Type is a JSON media type (`application/json` or `+json`). */
export function isJson(contentType: string | undefined): boolean {
  const e = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return e === 'application/json' || e.endsWith('+json');
}

/** Whether a Content-Type is one of the XML media types. */
export function isXml(contentType: string | undefined): boolean {
  const e = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return e === 'application/xml' || e === 'text/xml';
}

// ---------- content negotiation (RFC 9110 §12.5.1) ----------

/**
 * The five representations in the document's order, each with the Content-Type the server sends for it (spec:
 * info.description, Content negotiation: "Ranges with parameters match the parameters of the Content-Type actually
 * sent").
 */
export const REPRESENTATIONS: readonly { mediaType: string; params: Readonly<Record<string, string>> }[] = [
  { mediaType: 'application/json', params: { charset: 'utf-8' } },
  { mediaType: 'application/hal+json', params: {} },
  { mediaType: 'application/xml', params: { charset: 'utf-8' } },
  { mediaType: 'text/xml', params: { charset: 'utf-8' } },
  { mediaType: 'text/csv', params: { charset: 'utf-8', header: 'present' } },
];

interface MediaRange {
  type: string;
  subtype: string;
  params: Record<string, string>;
  q: number;
  /** Position among the Accept header's elements. */
  index: number;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * The media ranges of an Accept value: empty elements, elements that are not a media range, and elements whose weight
 * is not a valid qvalue are left out (spec: Content negotiation; RFC 9110 §5.6.1.2, §12.4.2).
 */
export function mediaRanges(accept: string): MediaRange[] {
  const out: MediaRange[] = [];
  let index = 0;
  for (const element of splitOutsideQuotes(accept, ',')) {
    if (element.trim() === '') continue;
    const [range = '', ...rawParams] = splitOutsideQuotes(element, ';').map((p) => p.trim());
    const [type = '', subtype = '', ...rest] = range.toLowerCase().split('/');
    if (rest.length > 0 || !TOKEN.test(type) || !TOKEN.test(subtype) || (type === '*' && subtype !== '*')) continue;
    const params: Record<string, string> = {};
    let q = 1;
    let valid = true;
    for (const p of rawParams) {
      const eq = p.indexOf('=');
      const name = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
      let value = eq < 0 ? '' : p.slice(eq + 1).trim();
      if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
        value = value.slice(1, -1).replace(/\\(.)/g, '$1');
      if (name === 'q') {
        // The weight ends the media range (RFC 9110 §12.5.1 grammar); its value must be a qvalue.
        if (!QVALUE.test(value)) valid = false;
        q = Number(value);
        break;
      }
      if (name !== '') params[name] = value;
    }
    if (!valid) continue;
    out.push({ type, subtype, params, q, index: index++ });
  }
  return out;
}

/** How specific a range is (RFC 9110 §12.5.1: more specific ranges override less specific ones). */
function specificity(r: MediaRange): number {
  const base = r.type === '*' ? 0 : r.subtype === '*' ? 1 : 2;
  return base * 100 + Object.keys(r.params).length;
}

function matches(r: MediaRange, rep: (typeof REPRESENTATIONS)[number]): boolean {
  const [type, subtype] = rep.mediaType.split('/');
  if (r.type !== '*' && r.type !== type) return false;
  if (r.subtype !== '*' && r.subtype !== subtype) return false;
  // Parameters of the range must be parameters of the Content-Type sent (names and these values are case-insensitive).
  return Object.entries(r.params).every(
    ([k, v]) => rep.params[k] !== undefined && rep.params[k].toLowerCase() === v.toLowerCase(),
  );
}

/** The quality of each representation: from the most specific matching range (RFC 9110 §12.5.1), and which range gave it. */
export function qualities(
  ranges: readonly MediaRange[],
): { mediaType: string; q: number; range: MediaRange | undefined }[] {
  return REPRESENTATIONS.map((rep) => {
    let best: MediaRange | undefined;
    for (const r of ranges) {
      if (!matches(r, rep)) continue;
      // Equally specific ranges for the same type: RFC 9110 does not say; the higher weight is taken.
      if (!best || specificity(r) > specificity(best) || (specificity(r) === specificity(best) && r.q > best.q))
        best = r;
    }
    return { mediaType: rep.mediaType, q: best?.q ?? 0, range: best };
  });
}

/** How a server picks among the types that share the highest quality. */
export type TieBreak = 'first-listed' | 'last-listed' | 'document-order' | 'reverse-document-order';

/**
 * The media type to serve under a tie-break rule, undefined when `Accept` counts as absent (absent, or no valid
 * element) and null when nothing is acceptable (every type has q 0). Any type with the highest q may be served,
 * except that an `Accept` whose ranges are all `*∕*` without parameters gets JSON (spec: info.description, Content
 * negotiation).
 */
export function pickMediaType(accept: string | undefined, rule: TieBreak): string | null | undefined {
  if (accept === undefined) return undefined;
  const ranges = mediaRanges(accept);
  if (ranges.length === 0) return undefined;
  const qs = qualities(ranges);
  const top = Math.max(...qs.map((x) => x.q));
  if (top <= 0) return null;
  if (ranges.every((r) => r.type === '*' && Object.keys(r.params).length === 0)) return 'application/json';
  const tied = qs.filter((x) => x.q === top);
  const docIndex = (m: string) => REPRESENTATIONS.findIndex((r) => r.mediaType === m);
  const ordered = [...tied].sort((a, b) => {
    switch (rule) {
      case 'first-listed':
        return a.range!.index - b.range!.index || docIndex(a.mediaType) - docIndex(b.mediaType);
      case 'last-listed':
        return b.range!.index - a.range!.index || docIndex(b.mediaType) - docIndex(a.mediaType);
      case 'document-order':
        return docIndex(a.mediaType) - docIndex(b.mediaType);
      case 'reverse-document-order':
        return docIndex(b.mediaType) - docIndex(a.mediaType);
    }
  });
  return ordered[0]!.mediaType;
}

/**
 * A server that negotiates with its own tie-break rule: each request's Accept is replaced by the one type the rule
 * picks, so the reference server serves exactly that type (a 406 stays a 406: an Accept with nothing acceptable is
 * left alone).
 */
export function negotiateWith(rule: TieBreak): Wrapper {
  return rewriteRequests((req) => {
    const accept = req.headers['accept'];
    const picked = pickMediaType(accept, rule);
    if (typeof picked === 'string') req.headers['accept'] = picked;
  });
}

// ---------- cursors ----------

/** How a server spells its cursors on the wire, over the reference server's own cursors. */
export interface CursorSpelling {
  /** The cursor the client sees for one the reference server issued (the same one every time). */
  toClient(serverCursor: string): string;
  /** The reference server's cursor for one the client sends back; undefined for a cursor this spelling never issued. */
  toServer(clientCursor: string): string | undefined;
}

const CURSOR_PARAMS = /([?&])(next|previous)=([^&#]*)/g;
const CURSORS_IN_TEXT = [
  /[?&](?:next|previous)=([A-Za-z0-9_-]+)/g,
  /"(?:nextCursor|previousCursor)"\s*:\s*"([A-Za-z0-9_-]+)"/g,
  /<(?:nextCursor|previousCursor)>([A-Za-z0-9_-]+)<\//g,
];

/**
 * Re-spells every cursor the server issues (body fields in every representation, `Link` header, HAL links) with
 * `spelling`, and turns them back into the server's own in incoming `next` / `previous` query parameters. A cursor
 * the spelling never issued reaches the server unchanged, which refuses it (400) as a cursor it did not issue.
 */
export function respellCursors(spelling: CursorSpelling): Wrapper {
  return wrapAll(
    rewriteResponses((res) => {
      const found = new Set<string>();
      for (const text of [res.body, res.headers['link'] ?? '']) {
        for (const re of CURSORS_IN_TEXT) for (const m of text.matchAll(re)) found.add(m[1]!);
      }
      if (found.size === 0) return res;
      let body = res.body;
      let link = res.headers['link'];
      // Longest first, so a cursor that is a prefix of another is never replaced inside it.
      for (const c of [...found].sort((a, b) => b.length - a.length)) {
        const mine = spelling.toClient(c);
        body = body.split(c).join(mine);
        if (link !== undefined) link = link.split(c).join(mine);
      }
      return { ...res, body, headers: link === undefined ? res.headers : { ...res.headers, link } };
    }),
    rewriteRequests((req) => {
      req.url = (req.url ?? '').replace(CURSOR_PARAMS, (whole, sep: string, name: string, raw: string) => {
        let value: string;
        try {
          value = decodeURIComponent(raw.replace(/\+/g, ' '));
        } catch {
          return whole;
        }
        const server = spelling.toServer(value);
        return server === undefined ? whole : `${sep}${name}=${encodeURIComponent(server)}`;
      });
    }),
  );
}

/** A cursor spelling backed by a table: each server cursor gets a fresh token from `token()`. */
export function tableSpelling(token: () => string): CursorSpelling {
  const toClient = new Map<string, string>();
  const toServer = new Map<string, string>();
  return {
    toClient(server) {
      let mine = toClient.get(server);
      if (mine === undefined) {
        do mine = token();
        while (toServer.has(mine));
        toClient.set(server, mine);
        toServer.set(mine, server);
      }
      return mine;
    },
    toServer: (client) => toServer.get(client),
  };
}
