import { METHOD_NOT_ALLOWED_KEY, type CoverageEntry } from '../coverage.js';
import type { Report } from '../types.js';
import { html, type Html } from './html-template.js';

/** The state of one documented response in the run: seen, seen with a failure, or never seen. */
export type CellState = 'observed' | 'failed' | 'not-observed';

/** A cell's key: operation, status and media type. */
export const cellKey = (c: { operationId: string; status: string; mediaType: string }): string =>
  `${c.operationId} ${c.status} ${c.mediaType}`;

/** For each documented response, the failed checks with a violation whose response was matched to it. */
export function failuresByCell(report: Report): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const check of report.checks.filter((c) => c.status === 'failed')) {
    for (const v of check.violations) {
      if (!v.documentedResponse) continue;
      const key = cellKey(v.documentedResponse);
      const ids = out.get(key) ?? [];
      if (!ids.includes(check.id)) out.set(key, [...ids, check.id]);
    }
  }
  return out;
}

/** A cell's state: failed beats observed. */
export function cellState(entry: CoverageEntry, failedBy: readonly string[]): CellState {
  if (failedBy.length > 0) return 'failed';
  return entry.observed > 0 ? 'observed' : 'not-observed';
}

/** Status codes in numeric order, then anything else (`default`, ranges) in document order. */
function statusOrder(a: string, b: string): number {
  const na = /^\d{3}$/.test(a) ? Number(a) : Infinity;
  const nb = /^\d{3}$/.test(b) ? Number(b) : Infinity;
  return na - nb;
}

interface Column {
  status: string;
  mediaType: string;
}

/** The grid's columns: every (status, media type) some operation documents, grouped by status. */
function columnsOf(coverage: readonly CoverageEntry[]): Column[] {
  const byStatus = new Map<string, string[]>();
  for (const e of coverage) {
    const media = byStatus.get(e.status) ?? [];
    if (!media.includes(e.mediaType)) byStatus.set(e.status, [...media, e.mediaType]);
  }
  return [...byStatus.keys()]
    .sort(statusOrder)
    .flatMap((status) => (byStatus.get(status) ?? []).map((mediaType) => ({ status, mediaType })));
}

/** A media type as a column heading: without `application/`, the whole type in the abbreviation's title. */
function mediaLabel(mediaType: string): Html {
  if (mediaType === '') return html`<span class="muted">no content</span>`;
  const short = mediaType.replace(/^application\//, '');
  return short === mediaType ? breakable(mediaType) : html`<abbr title="${mediaType}">${breakable(short)}</abbr>`;
}

/** Text that may wrap after a `/` and before a `+` (paths, media types), so the grid fits a page. */
function breakable(text: string): Html {
  return html`${text.split(/(?<=\/)|(?=\+)/).map((part, i) => (i === 0 ? html`${part}` : html`<wbr />${part}`))}`;
}

function headerRows(columns: readonly Column[]): Html {
  const groups: { status: string; span: number }[] = [];
  for (const c of columns) {
    const last = groups.at(-1);
    if (last?.status === c.status) last.span++;
    else groups.push({ status: c.status, span: 1 });
  }
  return html`<colgroup>
      <col />
    </colgroup>
    ${groups.map((g) => html`<colgroup span="${g.span}"></colgroup>`)}
    <thead>
      <tr>
        <th scope="col" rowspan="2">Operation</th>
        ${groups.map((g) => html`<th scope="colgroup" colspan="${g.span}">${g.status}</th>`)}
      </tr>
      <tr>
        ${columns.map((c) => html`<th scope="col">${mediaLabel(c.mediaType)}</th>`)}
      </tr>
    </thead>`;
}

function rowHeader(e: CoverageEntry): Html {
  if (e.operationId === METHOD_NOT_ALLOWED_KEY)
    return html`<th scope="row"><span class="op">${e.operationId}</span>a method a path does not declare</th>`;
  return html`<th scope="row">
    <span class="op">${e.operationId}</span><code>${e.method} ${breakable(e.path)}</code>
  </th>`;
}

const STATE_TEXT: Record<CellState, { symbol: string; word: string }> = {
  observed: { symbol: '✔', word: 'observed' },
  failed: { symbol: '✘', word: 'failed' },
  'not-observed': { symbol: '○', word: 'not observed' },
};

/** One documented response: symbol, count and state word (hidden visually, read by screen readers), links to failures. */
function cell(e: CoverageEntry, failedBy: readonly string[]): Html {
  const state = cellState(e, failedBy);
  const { symbol, word } = STATE_TEXT[state];
  const what = `${e.operationId} ${e.status} ${e.mediaType || 'no content'}`;
  // Not seeing the 5xx shape or an x-optional response (a 429) is no gap: they are drawn apart from the gaps.
  const info = (e.informational || e.optional) && state === 'not-observed';
  const why = e.optional
    ? ' (x-optional: a server may send it and need never send it)'
    : ' (informational: never expected from a conforming server)';
  const title = `${what}: ${e.observed > 0 ? `observed ${e.observed}×` : 'not observed'}${info ? why : ''}${failedBy.length > 0 ? `; failed in ${failedBy.join(', ')}` : ''}`;
  return html`<td
    class="cell ${state}${info ? ' informational' : ''}"
    data-state="${state}"
    data-operation="${e.operationId}"
    data-status="${e.status}"
    data-media-type="${e.mediaType}"
    title="${title}"
  >
    <span aria-hidden="true">${info ? '–' : symbol}</span>${e.observed > 0 ? html` ${e.observed}` : ''}<span class="vh">
      ${word}${info ? (e.optional ? ', optional' : ', informational') : ''}</span
    >${failedBy.map((id) => html`<a href="#check-${id}">${id}</a>`)}
  </td>`;
}

function legend(): Html {
  return html`<ul class="legend" aria-label="Legend">
    <li><span class="sw observed" aria-hidden="true">✔ n</span>observed n times, every check passed on it</li>
    <li>
      <span class="sw failed" aria-hidden="true">✘ n</span>observed, and a check failed on a response of this kind
      (linked)
    </li>
    <li><span class="sw not-observed" aria-hidden="true">○</span>documented, never observed</li>
    <li>
      <span class="sw informational" aria-hidden="true">–</span>informational (the 5xx shape): never expected; or
      optional (<code>x-optional</code>, such as a 429): a server may send it and need never send it
    </li>
    <li><span class="sw nd" aria-hidden="true">&nbsp;</span>not documented for the operation</li>
  </ul>`;
}

/**
 * The coverage matrix as a grid: a row per operation, a column per documented (status, media type), one cell per
 * response the spec documents for that operation (the report's coverage entries) and an empty cell where it documents
 * none.
 */
export function coverageGrid(report: Report): Html {
  const columns = columnsOf(report.coverage);
  const failures = failuresByCell(report);
  const operations = [...new Set(report.coverage.map((e) => e.operationId))];
  const byKey = new Map(report.coverage.map((e) => [cellKey(e), e]));
  const rows = operations.map((operationId) => {
    const first = report.coverage.find((e) => e.operationId === operationId)!;
    const cells = columns.map((c) => {
      const e = byKey.get(cellKey({ operationId, ...c }));
      return e
        ? cell(e, failures.get(cellKey(e)) ?? [])
        : html`<td class="nd"><span class="vh">not documented</span></td>`;
    });
    return html`<tr>
      ${rowHeader(first)}${cells}
    </tr>`;
  });
  return html`${legend()}
    <div class="grid-wrap">
      <table class="grid" id="coverage-grid">
        <caption class="vh">
          Documented responses by operation, status and media type
        </caption>
        ${headerRows(columns)}
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>`;
}
