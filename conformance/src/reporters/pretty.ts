import type { Check, CheckResult, Report, Violation } from '../types.js';

export interface PrettyOptions {
  color: boolean;
  /** Live progress (a spinner line rewritten in place) — only on a TTY. */
  live: boolean;
}

/** Whether to colour output: a TTY, and NO_COLOR (https://no-color.org) unset or empty. */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env['NO_COLOR'];
}

const paint = (on: boolean, code: number, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** One line per finished check. */
export function checkLine(r: CheckResult, index: number, total: number, o: Pick<PrettyOptions, 'color'>): string {
  const n = `[${String(index + 1).padStart(String(total).length)}/${total}]`;
  const mark =
    r.status === 'passed'
      ? paint(o.color, 32, 'PASS')
      : r.status === 'failed'
        ? paint(o.color, 31, 'FAIL')
        : paint(o.color, 33, 'SKIP');
  const tail = r.status === 'skipped' ? ` (${r.skipReason ?? ''})` : ` (${r.requests} requests, ${r.durationMs} ms)`;
  return `${n} ${mark} ${r.id}${tail}`;
}

/** The live line shown while a check runs. */
export function startLine(c: Check, index: number, total: number): string {
  return `[${index + 1}/${total}] .... ${c.id}`;
}

function violationBlock(v: Violation, color: boolean): string[] {
  const lines = [`  - ${v.property ? `[${v.property}] ` : ''}${v.message}`];
  if (v.counterexample !== undefined) lines.push(`    counterexample: ${JSON.stringify(v.counterexample)}`);
  if (v.seed !== undefined)
    lines.push(`    replay: ${v.replay ?? ''} (fast-check seed ${v.seed}${v.path ? `, path ${v.path}` : ''})`);
  if (v.response)
    lines.push(
      `    got: ${v.response.status} ${v.response.headers['content-type'] ?? ''} ${v.response.body.slice(0, 300).replace(/\s+/g, ' ')}`,
    );
  if (v.curl) lines.push(`    ${paint(color, 2, v.curl)}`);
  if (v.command) lines.push(`    ${paint(color, 2, v.command)}`);
  return lines;
}

/** The summary after the run: each failure with its rule, counterexample, replay and curl; then the final count line. */
export function renderSummary(report: Report, o: Pick<PrettyOptions, 'color'>): string {
  const lines: string[] = [];
  for (const r of report.checks.filter((c) => c.status === 'failed')) {
    lines.push('', `${paint(o.color, 31, 'FAIL')} ${r.id}: ${r.title}`, `  rule: ${r.rule}`);
    if (r.ruleText) lines.push(`        "${r.ruleText}"`);
    for (const v of r.violations) lines.push(...violationBlock(v, o.color));
  }
  const notes = report.checks.flatMap((r) => r.notes.map((n) => `  ${r.id}: ${n}`));
  if (notes.length > 0) lines.push('', 'Notes:', ...notes);
  lines.push(
    '',
    `target ${report.target}, profile ${report.profile}, seed ${report.seed}, ${report.runs} runs per property, ${report.summary.requests} requests, ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  const traffic = trafficLine(report);
  if (traffic) lines.push(traffic);
  const { passed, failed, skipped } = report.summary;
  const limit = report.summary.timeLimitReached ? ' (time limit reached)' : '';
  lines.push(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}${limit}`);
  return `${lines.join('\n')}\n`;
}

/** What shaped the traffic, when anything did: retries waited out, the rate, extra headers, CA, proxy, time limit. */
function trafficLine(report: Report): string | undefined {
  const { summary, options } = report;
  const parts: string[] = [];
  if (summary.retries > 0)
    parts.push(`${summary.retries} retries after 429/503 (waited ${(summary.retryWaitMs / 1000).toFixed(1)} s)`);
  if (options.rate !== null) parts.push(`at most ${options.rate} requests/s`);
  if (options.headers.length > 0) parts.push(`extra headers ${options.headers.join(', ')} (values not shown)`);
  if (options.ca !== null) parts.push(`CA ${options.ca}`);
  if (options.proxyUsed) parts.push('through the proxy from the environment');
  if (summary.timeLimitReached) parts.push(`time limit of ${options.maxTimeSeconds} s reached: the run is incomplete`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** The whole pretty report (check lines and summary) for a finished run. */
export function renderPretty(report: Report, o: Pick<PrettyOptions, 'color'>): string {
  const lines = report.checks.map((r, i) => checkLine(r, i, report.checks.length, o));
  return `${lines.join('\n')}\n${renderSummary(report, o)}`;
}
