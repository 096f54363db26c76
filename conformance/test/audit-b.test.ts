import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../../contract/src/index.js';
import { createServer } from '../../reference-server/src/index.js';
import { apiModel } from '../src/api-model.js';
import { isBlank, malformedQueryValue } from '../src/arbitraries.js';
import { CHANCE_BUDGET, partialCopyThreshold } from '../src/checks/key-once-only.js';
import { mediaTypeKey } from '../src/checks/method-not-allowed.js';
import type { Exchange } from '../src/exchange.js';
import { linkCursor, linkTarget, linkUrl, parseLinkHeader } from '../src/link-header.js';
import { runConformance } from '../src/index.js';
import type { Report } from '../src/types.js';
import { essence, rewriteRequests, rewriteResponses, wrapAll } from './faults/fault.js';
import { ENDPOINTS, runAgainst } from './faults/run.js';
import { rewriteHead } from './variants/variant.js';

// Audit of checks for demands the spec does not state (issue 8): each legal behaviour below used to fail the kit.

const api = apiModel(loadContract());
const failuresOf = (r: Report) =>
  r.checks
    .filter((c) => c.status === 'failed')
    .map((c) => `${c.id}: ${c.violations.map((v) => v.message).join(' | ')}`);
const exchangeWithLink = (link: string, url = 'http://h/base/list?limit=2'): Pick<Exchange, 'headers' | 'url'> => ({
  headers: { link },
  url,
});

describe('Link header parsing (RFC 8288 §3)', () => {
  it('reads link-values in any of the forms the grammar allows', () => {
    const header = [
      '</a?next=1>; title="a, <b>; rel=prev"; REL="Next nofollow"',
      '<http://h/b?previous=2> ;rel=prev',
      '<c>; rel="previous"',
    ].join(', ');
    const links = parseLinkHeader(header);
    expect(links.map((l) => [l.target, l.rel])).toEqual([
      ['/a?next=1', 'next'],
      ['/a?next=1', 'nofollow'],
      ['http://h/b?previous=2', 'prev'],
      ['c', 'previous'],
    ]);
    expect(links[0]!.params['title']).toBe('a, <b>; rel=prev');
    expect(linkTarget(exchangeWithLink(header), 'next')).toBe('/a?next=1');
    expect(linkTarget(exchangeWithLink(header), 'NEXT')).toBe('/a?next=1');
    expect(linkTarget(exchangeWithLink(header), 'prev')).toBe('http://h/b?previous=2');
  });

  it('reads several header lines (joined by commas), with or without spaces between link-values', () => {
    const lines = ['<?cursor=n1>; rel="next"', '<http://other/x?cursor=p1>; rel=prev'];
    for (const header of [lines.join(', '), lines.join(',')]) {
      expect(linkCursor(exchangeWithLink(header), 'cursor', 'next')).toBe('n1');
      expect(linkCursor(exchangeWithLink(header), 'cursor', 'prev')).toBe('p1');
    }
  });

  it('resolves relative and absolute targets against the request URL', () => {
    const header = '<page2?c=2>; rel=next, </root?c=0>; rel=first, <https://x.example/p?c=9>; rel=last';
    const ex = exchangeWithLink(header);
    expect(linkUrl(ex, 'next')?.href).toBe('http://h/base/page2?c=2');
    expect(linkUrl(ex, 'first')?.href).toBe('http://h/root?c=0');
    expect(linkUrl(ex, 'last')?.href).toBe('https://x.example/p?c=9');
    expect(linkUrl(ex, 'prev')).toBeNull();
  });

  it('takes only the first rel of a link-value (§3.3), and skips a malformed link-value but keeps the others', () => {
    expect(parseLinkHeader('<x>; rel=prev; rel=next, <y>; rel="next"').map((l) => [l.target, l.rel])).toEqual([
      ['x', 'prev'],
      ['y', 'next'],
    ]);
    expect(linkTarget(exchangeWithLink('<x>; rel=prev; rel=next'), 'next')).toBeNull();
    expect(parseLinkHeader('junk; rel=next, <y>; rel="next"').map((l) => [l.target, l.rel])).toEqual([['y', 'next']]);
  });
});

describe('Content-Type spellings (RFC 9110 §8.3.1, §5.6.6)', () => {
  it('are the same media type whatever the case, spacing, quoting and parameter order', () => {
    const key = mediaTypeKey('application/json; charset=utf-8');
    for (const v of [
      'application/json;charset=UTF-8',
      'Application/JSON; Charset="utf-8"',
      ' application/json ;  charset=utf-8 ',
    ])
      expect(mediaTypeKey(v)).toBe(key);
    expect(mediaTypeKey('text/csv; header=present; charset=utf-8')).toBe(
      mediaTypeKey('text/csv;charset=UTF-8;header=present'),
    );
    expect(mediaTypeKey('application/json')).not.toBe(key);
    expect(mediaTypeKey('application/problem+json')).not.toBe(mediaTypeKey('application/json'));
  });
});

describe('malformed query values', () => {
  it('never include a blank value, which the spec lets a server treat as absent', () => {
    const cursor = api.list.parameters.find((p) => p.name === api.cursors[0]!.param)!;
    for (const v of fc.sample(malformedQueryValue(cursor), { numRuns: 2000, seed: 7 })) {
      expect(isBlank(v)).toBe(false);
      expect(cursor.validate(v)).toBe(false);
    }
    for (const blank of ['', ' ', '\t', '\r\n', '\u00a0']) expect(isBlank(blank)).toBe(true);
  });
});

describe('the partial-copy threshold of key-once-only', () => {
  const hex = (n: number, seed: number) => fc.sample(fc.stringMatching(/^[0-9a-f]{64}$/), { numRuns: n, seed });
  it('is 12 for a run of ordinary size, and the bound it reports is W · G · 16^-12', () => {
    const keys = hex(600, 1);
    const traceIds = hex(4000, 2).map((k) => k.slice(0, 32));
    const t = partialCopyThreshold(keys, traceIds, 12);
    expect(t.length).toBe(12);
    expect(t.atMinRun).toBeCloseTo(4000 * 21 * 600 * 53 * 16 ** -12, 12);
    expect(t.atMinRun).toBeLessThan(CHANCE_BUDGET);
  });
  it('grows when the traffic is so large that 12 characters match by chance, and ignores text outside the alphabet', () => {
    const keys = hex(5000, 3);
    const t = partialCopyThreshold(
      keys,
      hex(20000, 4).map((k) => `{"etag":"${k}"}`),
      12,
    );
    expect(t.atMinRun).toBeGreaterThan(CHANCE_BUDGET);
    expect(t.length).toBeGreaterThan(12);
    expect(partialCopyThreshold(keys, ['zzzz'.repeat(10_000)], 12)).toEqual({ length: 12, atMinRun: 0 });
  });
});

/** `Link` as one field line per link-value (RFC 9110 §5.3), parameters reordered, `rel` in upper case with two relation types. */
const splitLink = rewriteHead((head) => ({
  ...head,
  lines: head.lines.flatMap(([name, value]): [string, string][] => {
    if (name.toLowerCase() !== 'link') return [[name, value]];
    return value.split(/,\s*(?=<)/).map((part): [string, string] => {
      const m = /^<([^>]*)>\s*;\s*rel="([^"]+)"$/.exec(part.trim());
      return ['Link', m ? `<${m[1]!}>;title="page, ${m[2]!}";REL="${m[2]!.toUpperCase()} alternate"` : part];
    });
  }),
}));

/**
 * Cursors in links written another way than in the body (an alias the server also accepts), and the page's HAL
 * `self` naming the page with its limit spelled out: each leads to the same page.
 */
const ALIAS = '_alias';
const aliasCursors = wrapAll(
  rewriteResponses((res) => {
    const alias = (s: string) => s.replace(/([?&](?:next|previous)=)([A-Za-z0-9_-]+)/g, `$1$2${ALIAS}`);
    const headers = { ...res.headers };
    if (headers['link'] !== undefined) headers['link'] = alias(headers['link']);
    if (res.status !== 200 || essence(res.headers['content-type']) !== 'application/hal+json')
      return { ...res, headers };
    const page = JSON.parse(res.body) as { _links?: Record<string, { href: string }> };
    if (!page._links) return { ...res, headers };
    for (const [rel, link] of Object.entries(page._links)) {
      link.href = alias(link.href);
      if (rel === 'self' && !/[?&]limit=/.test(link.href))
        link.href += `${link.href.includes('?') ? '&' : '?'}limit=25`;
    }
    return { ...res, headers, body: JSON.stringify(page) };
  }),
  rewriteRequests((req: IncomingMessage) => {
    req.url = (req.url ?? '').replace(new RegExp(`([?&](?:next|previous)=[A-Za-z0-9_-]+)${ALIAS}(?=&|$)`, 'g'), '$1');
  }),
);

describe('checks that accept what the spec allows', () => {
  it('pagination: Link on several lines, parameters reordered, rel in upper case with two types', async () => {
    const report = await runAgainst({ wrapHandler: splitLink }, { only: ['pagination'] });
    expect(failuresOf(report)).toEqual([]);
  });

  it('pagination: link cursors spelled differently from the body, a page self with the default limit spelled out', async () => {
    const report = await runAgainst({ wrapHandler: aliasCursors }, { only: ['pagination'] });
    expect(failuresOf(report)).toEqual([]);
  });

  it('method-not-allowed: a repeated method in Allow, and HEAD with another spelling of the same Content-Type', async () => {
    const wrap = rewriteResponses((res, req) => {
      const headers = { ...res.headers };
      if (headers['allow'] !== undefined) headers['allow'] = `${headers['allow']}, GET`;
      if (req.method === 'HEAD' && headers['content-type'] !== undefined)
        headers['content-type'] = headers['content-type'].toUpperCase().replace('; ', ';');
      return { ...res, headers };
    });
    const report = await runAgainst({ wrapHandler: wrap }, { only: ['method-not-allowed'] });
    expect(failuresOf(report)).toEqual([]);
  });

  it('negative-inputs: blank cursors treated as absent, limit=1,5 read with digit grouping, 0101 read as octal, a body without Content-Type read as JSON', async () => {
    const wrap = rewriteRequests((req) => {
      // A body without Content-Type examined and found to be JSON (RFC 9110 §8.3), as FastAPI does.
      if (req.method === 'POST' && req.headers['content-type'] === undefined)
        req.headers['content-type'] = 'application/json';
      const [path, query] = (req.url ?? '').split(/\?(.*)/s);
      if (query === undefined) return;
      const params = new URLSearchParams(query);
      for (const name of ['next', 'previous']) if (params.has(name) && isBlank(params.get(name)!)) params.delete(name);
      if (params.get('limit') === '1,5') params.set('limit', '15');
      // Go's strconv.ParseInt(s, 0, 64), which also takes 0x10: a leading 0 means octal.
      const limit = params.get('limit');
      if (limit !== null && /^0[0-7]+$/.test(limit)) params.set('limit', String(parseInt(limit, 8)));
      req.url = `${path!}${params.size > 0 ? `?${params.toString()}` : ''}`;
    });
    for (const seed of [1, 2, 3]) {
      const report = await runAgainst({ wrapHandler: wrap }, { only: ['negative-inputs'], seed, runs: 40 });
      expect(failuresOf(report), `seed ${seed}`).toEqual([]);
    }
  });

  it('never-5xx: a connection closed on content with GET, HEAD, DELETE, TRACE, or OPTIONS without Content-Type (the kit sends none)', async () => {
    const wrap =
      (handler: (req: IncomingMessage, res: import('node:http').ServerResponse) => void) =>
      (req: IncomingMessage, res: import('node:http').ServerResponse) => {
        // Content with GET, HEAD, DELETE (RFC 9110 §9.3.5: may be rejected and the connection closed), TRACE (a client
        // MUST NOT send it, §9.3.8) or OPTIONS without a Content-Type (§9.3.7): this server hangs up on it.
        const framed = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
        const odd =
          ['GET', 'HEAD', 'DELETE', 'TRACE'].includes(req.method ?? '') ||
          (req.method === 'OPTIONS' && req.headers['content-type'] === undefined);
        if (framed && odd) return void req.socket.destroy();
        handler(req, res);
      };
    const report = await runAgainst({ wrapHandler: wrap }, { only: ['never-5xx'], runs: 60 });
    expect(failuresOf(report)).toEqual([]);
  });

  it('http-contract: a problem instance without the prefix a gateway strips, and a 406 where another reading of Accept allows CSV', async () => {
    const strip = rewriteRequests((req) => {
      if (req.url?.startsWith('/new/')) req.url = req.url.slice('/new'.length);
    });
    const server = await createServer({ log: () => {}, endpointIds: ENDPOINTS, wrapHandler: strip });
    try {
      // Seed 6 generates `Accept: text/csv;header, application/json;q=0`: 406 under one allowed reading, CSV under another.
      const report = await runConformance({
        target: `${server.url}/new`,
        apiKey: server.apiKey,
        endpointId: ENDPOINTS[0]!,
        only: ['http-contract'],
        seed: 6,
        runs: 100,
      });
      expect(failuresOf(report)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('key-once-only: an API key that also occurs where the request put it (the Endpoint id in paths) is no echo', async () => {
    const report = await runAgainst({ apiKey: ENDPOINTS[0]! }, { only: ['key-once-only'], apiKey: ENDPOINTS[0]! });
    expect(failuresOf(report)).toEqual([]);
  });
});
