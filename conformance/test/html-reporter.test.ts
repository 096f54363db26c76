import { beforeAll, describe, expect, it } from 'vitest';
import { renderHtml, shellQuote, type Report } from '../src/index.js';
import { escapeHtml, html } from '../src/reporters/html-template.js';
import { documentedResponses, hostileRun, HOSTILE_MARKUP, type HostileRun } from './support/hostile-report-run.js';

interface Tag {
  name: string;
  attrs: Record<string, string>;
}

const unescape = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);

/** Every start tag of the page with its attributes (the renderer quotes every attribute with double quotes). */
function startTags(page: string): Tag[] {
  const tags: Tag[] = [];
  for (const m of page.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>"'/]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of (m[2] ?? '').matchAll(/([^\s=>"'/]+)(?:="([^"]*)")?/g))
      attrs[a[1]!.toLowerCase()] = unescape(a[2] ?? '');
    tags.push({ name: m[1]!.toLowerCase(), attrs });
  }
  return tags;
}

/** The page with its markup taken out: what is left is text (and the style sheet), where no `<` may remain. */
function withoutMarkup(page: string): string {
  return page
    .replace(/^<!doctype html>/, '')
    .replace(/<\/[a-zA-Z][a-zA-Z0-9-]*\s*>/g, '')
    .replace(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>"'/]+(?:="[^"]*")?)*)\s*\/?>/g, '');
}

const cellKey = (t: Tag) => `${t.attrs['data-operation']} ${t.attrs['data-status']} ${t.attrs['data-media-type']}`;

describe('the HTML reporter, on a real run against a faulty and hostile server', () => {
  let run: HostileRun;
  let report: Report;
  let page: string;
  let cells: Tag[];

  beforeAll(async () => {
    run = await hostileRun({ only: ['http-contract', 'no-store', 'coverage', 'positive-names', 'preview-masking'] });
    report = run.report;
    page = renderHtml(report);
    cells = startTags(page).filter((t) => t.name === 'td' && (t.attrs['class'] ?? '').split(' ').includes('cell'));
  });

  it('draws one grid cell per response the spec documents (operation × status × media type)', () => {
    const documented = documentedResponses();
    expect(documented.length).toBeGreaterThan(20);
    expect(cells.map(cellKey).sort()).toEqual([...documented].sort());
    expect(page).toContain(`${documented.length} documented responses`);
  });

  it('marks each cell observed, failed or not observed, as the run saw it', () => {
    const failedCells = new Set(
      report.checks
        .filter((c) => c.status === 'failed')
        .flatMap((c) => c.violations.flatMap((v) => (v.documentedResponse ? [v.documentedResponse] : [])))
        .map((d) => `${d.operationId} ${d.status} ${d.mediaType}`),
    );
    const expected = report.coverage.map((e) => {
      const key = `${e.operationId} ${e.status} ${e.mediaType}`;
      return `${key}: ${failedCells.has(key) ? 'failed' : e.observed > 0 ? 'observed' : 'not-observed'}`;
    });
    const drawn = cells.map((t) => `${cellKey(t)}: ${t.attrs['data-state']}`);
    expect(drawn.sort()).toEqual(expected.sort());
    // The faults leave all three states on the grid: the 201s failed, the 404 problems never seen, the rest observed.
    for (const state of ['failed', 'not-observed', 'observed'])
      expect(cells.filter((t) => t.attrs['data-state'] === state).length, state).toBeGreaterThan(0);
  });

  it('gives every cell its state in words, not only in colour', () => {
    const contents = [...page.matchAll(/<td\s+class="cell[^"]*"[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
    expect(contents.length).toBe(cells.length);
    for (const [i, content] of contents.entries()) {
      const word = { observed: 'observed', failed: 'failed', 'not-observed': 'not observed' }[
        cells[i]!.attrs['data-state']!
      ];
      expect(content).toMatch(new RegExp(`<span class="vh">\\s*${word}\\b`));
      expect(content).toMatch(/<span aria-hidden="true">[✔✘○–]<\/span>/);
    }
  });

  it('shows each failure with its rule, the spec sentence, the message, the response and the curl command', () => {
    const failed = report.checks.filter((c) => c.status === 'failed');
    expect(failed.map((c) => c.id).sort()).toEqual(['coverage', 'http-contract', 'no-store', 'positive-names']);
    for (const c of failed) {
      const start = page.indexOf(`<section class="failure" id="check-${c.id}"`);
      expect(start, c.id).toBeGreaterThan(0);
      const section = page.slice(start, page.indexOf('</section>', start));
      expect(section).toContain(`<code>${escapeHtml(c.rule)}</code>`);
      expect(c.ruleText, c.id).toBeDefined();
      expect(section).toContain(escapeHtml(c.ruleText ?? ''));
      const v = c.violations[0]!;
      expect(section).toContain(escapeHtml(v.message.split('\n')[0]!.slice(0, 200)));
      if (v.curl) expect(section).toContain(escapeHtml(v.curl));
      if (v.response) expect(section).toContain(`<strong class="mono">${v.response.status}</strong>`);
    }
  });

  it('shows a property failure with its shrunk counterexample and the options that replay it', () => {
    const v = report.checks.find((c) => c.id === 'positive-names')!.violations.find((x) => x.replay !== undefined)!;
    expect(v.replay).toMatch(/--path '/);
    const target = `--target ${shellQuote(report.target)} --endpoint-id "$ENDPOINT_ID"`;
    expect(page).toContain(escapeHtml(`apikeys-kit conformance ${target} ${v.replay}`));
    expect(page).toContain(escapeHtml(JSON.stringify(v.counterexample, null, 2)));
    expect(page).toContain(`fast-check seed ${v.seed}`);
  });

  it('never contains the API key or a created key, nor 12 characters of one', () => {
    expect(run.createdKeys.length).toBeGreaterThan(5);
    const text = page.toLowerCase();
    expect(text).not.toContain(run.apiKey.toLowerCase());
    for (const k of run.createdKeys)
      for (let i = 0; i + 12 <= k.length; i += 4) expect(text).not.toContain(k.slice(i, i + 12));
    expect(page).toContain('$APIKEYS_KIT_API_KEY');
    expect(page).toMatch(/&lt;created-key-\d+&gt;/);
  });

  it('renders the hostile markup from response bodies and headers inert, as text', () => {
    expect(page).toContain(escapeHtml(HOSTILE_MARKUP));
    expect(page).not.toContain(HOSTILE_MARKUP);
    const names = new Set(startTags(page).map((t) => t.name));
    for (const active of ['script', 'img', 'iframe', 'object', 'embed', 'link', 'base', 'form', 'svg'])
      expect(names.has(active), active).toBe(false);
    for (const t of startTags(page)) expect(Object.keys(t.attrs).filter((a) => a.startsWith('on'))).toEqual([]);
    // All text is escaped: once the markup is taken out, no `<` is left anywhere.
    expect(withoutMarkup(page)).not.toContain('<');
  });

  it('references no resource: no src, only in-page links, no @import or url() in its style, a strict CSP', () => {
    const tags = startTags(page);
    for (const t of tags) {
      expect(t.attrs['src'], t.name).toBeUndefined();
      if (t.attrs['href'] !== undefined) expect(t.attrs['href']).toMatch(/^#[a-z0-9-]+$/);
    }
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    expect(style.length).toBeGreaterThan(1000);
    expect(style).not.toMatch(/@import|url\(|https?:/i);
    const csp = tags.find((t) => t.name === 'meta' && t.attrs['http-equiv'] === 'Content-Security-Policy');
    expect(csp?.attrs['content']).toMatch(/^default-src 'none'; style-src 'unsafe-inline'/);
    // Every in-page link has its target.
    const ids = new Set(tags.flatMap((t) => (t.attrs['id'] ? [t.attrs['id']] : [])));
    for (const t of tags) if (t.attrs['href']) expect(ids.has(t.attrs['href'].slice(1)), t.attrs['href']).toBe(true);
  });

  it('shows the summary: verdict, counts, target, seed and duration', () => {
    expect(page).toContain('✘ FAILED');
    const { passed, failed, skipped } = report.summary;
    expect(page).toContain(`<span class="n">${passed}</span>passed`);
    expect(page).toContain(`<span class="n">${failed}</span>failed`);
    expect(page).toContain(`<span class="n">${skipped}</span>skipped`);
    expect(page).toContain(`<code>${escapeHtml(report.target)}</code>`);
    expect(page).toContain(`--seed ${report.seed}`);
    expect(page).toContain(`${(report.durationMs / 1000).toFixed(1)} s`);
  });

  it('lists every check once in the checks table, skipped ones with their reason', () => {
    for (const c of report.checks) {
      expect(page.split(`<th scope="row"><code>${c.id}</code></th>`).length - 1, c.id).toBe(1);
      if (c.skipReason) expect(page).toContain(escapeHtml(c.skipReason));
    }
  });

  it('lists every option of the run, including options it does not know', () => {
    const options = page.slice(page.indexOf('<table class="kv" id="options-table">'));
    for (const key of Object.keys(report.options)) expect(options).toContain(`<th scope="row">${key}</th>`);
    expect(options).toContain('<code>http-contract, no-store, coverage, positive-names, preview-masking</code>');
    const extended = {
      ...report,
      options: { ...report.options, retries: 3, proxy: '<http://proxy>' },
      retrySummary: { retried: 2 },
    } as Report;
    const more = renderHtml(extended);
    expect(more).toMatch(/<th scope="row">retries<\/th>\s*<td><code>3<\/code><\/td>/);
    expect(more).toMatch(/<th scope="row">proxy<\/th>\s*<td><code>&lt;http:\/\/proxy&gt;<\/code><\/td>/);
    expect(more).toMatch(/<th scope="row">retrySummary<\/th>\s*<td><pre>\{\n {2}&quot;retried&quot;: 2\n\}<\/pre>/);
  });

  it('passes a report that passed with the verdict PASSED and no failure section', () => {
    const clean = {
      ...report,
      summary: { ...report.summary, failed: 0 },
      checks: report.checks.filter((c) => c.status !== 'failed'),
    };
    const out = renderHtml(clean);
    expect(out).toContain('✔ PASSED');
    expect(out).not.toContain('<section class="failure"');
  });
});

describe('the html tagged template', () => {
  it('escapes every interpolated value and keeps nested markup as it is', () => {
    const hostile = `"><img src=x onerror=alert(1)> & '`;
    const out = html`<p title="${hostile}">${hostile}${html`<b>${'<i>'}</b>`}${[1, html`<br />`, null, undefined]}</p>`;
    expect(out.markup).toBe(
      '<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39;<b>&lt;i&gt;</b>1<br /></p>',
    );
  });

  it('replaces characters HTML cannot carry', () => {
    expect(escapeHtml('a\u0000b\u0007c\ud800d\n')).toBe('a\ufffdb\ufffdc\ufffdd\n');
  });
});
