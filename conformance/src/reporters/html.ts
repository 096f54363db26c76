import type { CheckResult, Report } from '../types.js';
import { cellKey, cellState, coverageGrid, failuresByCell } from './coverage-grid.js';
import { failuresSection, notesList } from './html-failures.js';
import { HTML_REPORT_CSS } from './html-style.js';
import { Html, html } from './html-template.js';

/**
 * The page loads nothing and runs nothing: no scripts, no images, no fonts, no frames, no form targets; only the
 * inline style sheet. Even markup that escaped escaping could not fetch or execute anything.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The style sheet is a constant (no report text in it), so it goes in as markup. */
const STYLE = new Html(HTML_REPORT_CSS);

function head(report: Report): Html {
  const verdict = report.summary.failed > 0 ? 'FAILED' : 'PASSED';
  return html`<head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="${CSP}" />
    <meta name="referrer" content="no-referrer" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <title>${verdict}: conformance of ${report.target}</title>
    <style>
      ${STYLE}
    </style>
  </head>`;
}

/** What the target made the run do, shown under the counts when it happened: retries waited out, the time limit. */
function trafficNotes(report: Report): Html {
  const { retries, retryWaitMs, timeLimitReached } = report.summary;
  const notes = [
    ...(retries > 0 ? [`${retries} re-sends after 429/503, ${seconds(retryWaitMs)} waited`] : []),
    ...(timeLimitReached
      ? [`the run's time limit (${report.options.maxTimeSeconds} s) was reached: the run is incomplete`]
      : []),
  ];
  return notes.length === 0
    ? html``
    : html`<ul class="notes" id="traffic-notes">
        ${notes.map((n) => html`<li>${n}</li>`)}
      </ul>`;
}

/** Rows of a two-column table: a name, and its value drawn as {@link optionValue} draws it. */
function kvRows(rows: readonly (readonly [string, unknown])[]): Html {
  return html`${rows.map(
    ([k, v]) =>
      html`<tr>
        <th scope="row">${k}</th>
        <td>${optionValue(v)}</td>
      </tr>`,
  )}`;
}

function summary(report: Report): Html {
  const { passed, failed, skipped, requests } = report.summary;
  const ok = failed === 0;
  return html`<header class="top">
      <div>
        <h1>Endpoint API Keys conformance</h1>
        <div class="muted">${report.tool} ${report.version}</div>
      </div>
      <div class="verdict ${ok ? 'passed' : 'failed'}" id="verdict" role="status">${ok ? '✔ PASSED' : '✘ FAILED'}</div>
    </header>
    <ul class="counts" id="summary">
      <li class="passed${passed === 0 ? ' zero' : ''}"><span class="n">${passed}</span>passed</li>
      <li class="failed${failed === 0 ? ' zero' : ''}"><span class="n">${failed}</span>failed</li>
      <li class="skipped${skipped === 0 ? ' zero' : ''}"><span class="n">${skipped}</span>skipped</li>
      <li><span class="n">${requests}</span>requests</li>
      <li><span class="n">${seconds(report.durationMs)}</span>duration</li>
    </ul>
    ${trafficNotes(report)}
    <table class="kv">
      <tbody>
        <tr>
          <th scope="row">Target</th>
          <td><code>${report.target}</code></td>
        </tr>
        <tr>
          <th scope="row">Seed</th>
          <td><code>${report.seed}</code> (replay the run with <code>--seed ${report.seed}</code>)</td>
        </tr>
        <tr>
          <th scope="row">Profile</th>
          <td>${report.profile}, ${report.runs} runs per property</td>
        </tr>
        <tr>
          <th scope="row">Started</th>
          <td>${report.startedAt}</td>
        </tr>
      </tbody>
    </table>
    <nav class="toc" aria-label="Sections">
      <a href="#coverage">Coverage</a><a href="#failures">Failures (${failed})</a><a href="#checks">All checks</a
      ><a href="#options">Options</a>
    </nav>`;
}

function coverageSection(report: Report): Html {
  const failures = failuresByCell(report);
  const states = report.coverage.map((e) => cellState(e, failures.get(cellKey(e)) ?? []));
  const count = (s: string) => states.filter((x) => x === s).length;
  const informational = report.coverage.filter((e, i) => e.informational && states[i] === 'not-observed').length;
  return html`<section id="coverage" aria-labelledby="coverage-h">
    <h2 id="coverage-h">Coverage</h2>
    <p>
      ${report.coverage.length} documented responses (operation × status × media type, from the spec):
      ${count('observed')} observed, ${count('failed')} with a failure, ${count('not-observed') - informational} not
      observed, ${informational} informational (never expected).
    </p>
    ${coverageGrid(report)}
  </section>`;
}

function checkRow(c: CheckResult): Html {
  const passed = c.status === 'passed';
  const status =
    c.status === 'failed' ? html`<a href="#check-${c.id}">✘ failed</a>` : passed ? '✔ passed' : '– skipped';
  const detail = c.status === 'skipped' ? (c.skipReason ?? '') : `${c.requests} requests, ${c.durationMs} ms`;
  return html`<tr>
    <td class="status-${c.status}">${status}</td>
    <th scope="row"><code>${c.id}</code></th>
    <td>${c.title}${notesList(c)}</td>
    <td class="run">${detail}</td>
  </tr>`;
}

function checksSection(report: Report): Html {
  return html`<section id="checks" aria-labelledby="checks-h">
    <h2 id="checks-h">All checks</h2>
    <table class="list">
      <thead>
        <tr>
          <th scope="col">Verdict</th>
          <th scope="col">Check</th>
          <th scope="col">What it enforces</th>
          <th scope="col">Run</th>
        </tr>
      </thead>
      <tbody>
        ${report.checks.map(checkRow)}
      </tbody>
    </table>
  </section>`;
}

/** An option's value, whatever its type: options other parts of the kit add show up without changes here. */
function optionValue(value: unknown): Html {
  if (value === undefined || value === null) return html`<span class="muted">none</span>`;
  if (Array.isArray(value) || typeof value === 'object') {
    const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
    if (empty) return html`<span class="muted">none</span>`;
    if (Array.isArray(value) && value.every((x) => typeof x === 'string'))
      return html`<code>${value.join(', ')}</code>`;
    return html`<pre>${JSON.stringify(value, null, 2)}</pre>`;
  }
  return html`<code>${typeof value === 'string' ? value : JSON.stringify(value)}</code>`;
}

/** Every option of the run: the report's top-level settings, then each entry of its `options`. */
function optionsSection(report: Report): Html {
  const rows: [string, unknown][] = [
    ['target', report.target],
    ['spec', report.spec],
    ['profile', report.profile],
    ['seed', report.seed],
    ['runs', report.runs],
    ...Object.entries(report.options as object),
  ];
  return html`<section id="options" aria-labelledby="options-h">
    <h2 id="options-h">Options</h2>
    <table class="kv" id="options-table">
      <tbody>
        ${kvRows(rows)}
      </tbody>
    </table>
  </section>`;
}

/** Top-level members of the report this page does not draw itself; shown as they are. */
const DRAWN = new Set([
  'tool',
  'version',
  'target',
  'inProcess',
  'spec',
  'profile',
  'seed',
  'runs',
  'options',
  'startedAt',
  'durationMs',
  'summary',
  'checks',
  'coverage',
]);

/** Whatever else the report carries (summaries added by other parts of the kit), so no data is left out. */
function moreSection(report: Report): Html {
  const rest = Object.entries(report).filter(([k]) => !DRAWN.has(k));
  if (rest.length === 0) return html``;
  return html`<section id="more" aria-labelledby="more-h">
    <h2 id="more-h">More from the report</h2>
    <table class="kv">
      <tbody>
        ${kvRows(rest)}
      </tbody>
    </table>
  </section>`;
}

/**
 * The report as one self-contained HTML page: summary and verdict, the coverage grid, every failure with its rule,
 * counterexample, replay, response and curl command, the other checks, and the run's options. Every value from the
 * report is escaped; the report reaching here is already scrubbed of the API key and created keys.
 */
export function renderHtml(report: Report): string {
  return html`<!doctype html>
    <html lang="en">
      ${head(report)}
      <body>
        <main>
          ${summary(report)} ${coverageSection(report)} ${failuresSection(report)} ${checksSection(report)}
          ${optionsSection(report)} ${moreSection(report)}
          <footer>
            Generated by ${report.tool} ${report.version} for a run started ${report.startedAt}. This page loads no
            resources and runs no scripts.
          </footer>
        </main>
      </body>
    </html> `.markup;
}
