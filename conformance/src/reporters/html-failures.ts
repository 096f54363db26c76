import { shellQuote } from '../curl.js';
import type { CheckResult, Report, Violation } from '../types.js';
import { html, type Html } from './html-template.js';

/** Bounds on what one violation shows, so a hostile or huge response cannot blow the page up. */
const LIMITS = { message: 8000, summary: 240, counterexample: 6000, body: 4000, headerValue: 600, headers: 60 };

/** Violations shown open per failed check; the others are collapsed on screen (print shows them all). */
const OPEN_VIOLATIONS = 3;

/** Violations shown per failed check; the rest are counted (the JSON report has them all). */
const MAX_VIOLATIONS = 50;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A check's notes as a compact list. */
export function notesList(c: CheckResult): Html {
  return c.notes.length > 0
    ? html`<ul class="notes">
        ${c.notes.map((n) => html`<li>${n}</li>`)}
      </ul>`
    : html``;
}

/** The command that replays a violation: the run's target (unless the run started its own) and the replay options. */
function replayCommand(report: Report, v: Violation): string {
  const target = report.inProcess ? '' : ` --target ${shellQuote(report.target)} --endpoint-id "$ENDPOINT_ID"`;
  return `apikeys-kit conformance${target} ${v.replay ?? ''}`;
}

function responseBlock(v: Violation): Html {
  const r = v.response;
  if (!r) return html``;
  const headers = Object.entries(r.headers);
  const shown = headers.slice(0, LIMITS.headers);
  const more = headers.length - shown.length;
  const where = v.documentedResponse
    ? html` <span class="muted"
        >(documented response: ${v.documentedResponse.operationId} ${v.documentedResponse.status}
        ${v.documentedResponse.mediaType || 'no content'})</span
      >`
    : '';
  return html`<h4>Response</h4>
    <div><strong class="mono">${r.status}</strong>${where}</div>
    <pre class="headers">
${shown.map(([k, val]) => `${k}: ${clip(val, LIMITS.headerValue)}\n`)}${more > 0 ? `… ${more} more headers\n` : ''}</pre>
    <pre class="body">
${r.body === '' ? html`<span class="muted">(empty body)</span>` : clip(r.body, LIMITS.body)}</pre>`;
}

function violationBlock(report: Report, v: Violation, index: number): Html {
  const firstLine = v.message.split('\n')[0] ?? '';
  const rest = v.message.length > firstLine.length;
  return html`<details class="violation" ${index < OPEN_VIOLATIONS ? html`open` : ''}>
    <summary>${index + 1}. ${v.property ? `[${v.property}] ` : ''}${clip(firstLine, LIMITS.summary)}</summary>
    <div>
      ${
        rest || firstLine.length > LIMITS.summary
          ? html`<h4>Message</h4>
              <pre>${clip(v.message, LIMITS.message)}</pre>`
          : ''
      }
      ${
        v.counterexample !== undefined
          ? html`<h4>Counterexample (shrunk)</h4>
              <pre>${clip(json(v.counterexample), LIMITS.counterexample)}</pre>`
          : ''
      }
      ${
        v.replay !== undefined
          ? html`<h4>Replay</h4>
              <pre>${replayCommand(report, v)}</pre>
              <div class="muted">fast-check seed ${v.seed ?? ''}${v.path ? `, path ${v.path}` : ''}</div>`
          : ''
      }
      ${responseBlock(v)}
      ${
        v.curl !== undefined
          ? html`<h4>Reproduce with curl</h4>
              <pre class="curl">${v.curl}</pre>`
          : ''
      }
      ${
        v.command !== undefined
          ? html`<h4>Reproduce on a raw connection</h4>
              <pre class="curl">${v.command}</pre>`
          : ''
      }
    </div>
  </details>`;
}

function failureSection(report: Report, c: CheckResult): Html {
  const shown = c.violations.slice(0, MAX_VIOLATIONS);
  const more = c.violations.length - shown.length;
  return html`<section class="failure" id="check-${c.id}" aria-labelledby="check-${c.id}-h">
    <header>
      <h3 id="check-${c.id}-h">✘ ${c.id}: ${c.title}</h3>
      <div class="muted">
        ${c.violations.length} violation${c.violations.length === 1 ? '' : 's'}, ${c.requests} requests, ${c.durationMs}
        ms
      </div>
    </header>
    <div class="rule">
      Rule: <code>${c.rule}</code>${c.ruleText ? html`<blockquote class="rule-text">${c.ruleText}</blockquote>` : ''}
    </div>
    ${shown.map((v, i) => violationBlock(report, v, i))}
    ${more > 0 ? html`<p class="muted">… and ${more} more violations (the JSON report has them all).</p>` : ''}
    ${notesList(c)}
  </section>`;
}

/**
 * Every failed check with its rule (pointer and the spec's sentence) and each violation: message, shrunk
 * counterexample, replay options, the response (bounded) and the curl command.
 */
export function failuresSection(report: Report): Html {
  const failed = report.checks.filter((c) => c.status === 'failed');
  return html`<section id="failures" aria-labelledby="failures-h">
    <h2 id="failures-h">Failures (${failed.length})</h2>
    ${failed.length === 0 ? html`<p>No check failed.</p>` : failed.map((c) => failureSection(report, c))}
  </section>`;
}
