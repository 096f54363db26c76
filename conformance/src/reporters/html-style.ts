/**
 * The HTML report's one style sheet, inline (the page loads nothing). Colours come in light and dark pairs; every grid
 * state also has a symbol and a word, so nothing depends on colour alone, in print or for colour-blind readers.
 */
export const HTML_REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa; --code: #f3f4f6;
  --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9; --none: #9a6700; --none-bg: #fff8c5;
  --info-bg: #eef1f4; --link: #0969da;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --panel: #161b22; --code: #1f242c;
    --ok: #3fb950; --ok-bg: #12361f; --bad: #ff7b72; --bad-bg: #49171a; --none: #d29922; --none-bg: #3b2e0a;
    --info-bg: #21262d; --link: #58a6ff;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
}
main { max-width: 1440px; margin: 0 auto; padding: 24px 32px 48px; }
a { color: var(--link); }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 0; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
pre {
  background: var(--code); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin: 4px 0 0;
  white-space: pre-wrap; overflow-wrap: anywhere; max-height: 420px; overflow: auto;
}
.muted { color: var(--muted); }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
header.top { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; justify-content: space-between; }
.verdict {
  font-weight: 700; font-size: 18px; padding: 6px 16px; border-radius: 6px; border: 2px solid currentColor;
}
.verdict.failed { color: var(--bad); background: var(--bad-bg); }
.verdict.passed { color: var(--ok); background: var(--ok-bg); }
.counts { display: flex; flex-wrap: wrap; gap: 12px; margin: 18px 0 8px; padding: 0; list-style: none; }
.counts li { border: 1px solid var(--line); border-radius: 8px; padding: 8px 16px; min-width: 120px; background: var(--panel); }
.counts .n { display: block; font-size: 24px; font-weight: 700; }
.counts .failed .n { color: var(--bad); }
.counts .passed .n { color: var(--ok); }
.counts .skipped .n { color: var(--none); }
.counts .zero .n { color: var(--muted); }
td.run { white-space: nowrap; }
table { border-collapse: collapse; }
table.kv th, table.kv td, table.list th, table.list td {
  text-align: left; vertical-align: top; padding: 4px 12px 4px 0; border-bottom: 1px solid var(--line);
}
table.kv th { font-weight: 600; white-space: nowrap; padding-right: 24px; }
table.list { width: 100%; }
table.list thead th { font-size: 13px; color: var(--muted); }
.grid-wrap { overflow-x: auto; }
table.grid { font-size: 12px; }
table.grid th, table.grid td { border: 1px solid var(--line); padding: 4px 3px; text-align: center; }
table.grid thead th { background: var(--panel); font-weight: 600; }
table.grid th[scope="row"] { text-align: left; font-weight: normal; min-width: 200px; padding: 4px 8px; background: var(--panel); }
table.grid th[scope="row"] .op { display: block; font-weight: 600; }
table.grid td.cell { min-width: 48px; font-weight: 600; white-space: nowrap; }
td.observed { color: var(--ok); background: var(--ok-bg); }
td.failed { color: var(--bad); background: var(--bad-bg); }
td.not-observed { color: var(--none); background: var(--none-bg); }
td.not-observed.informational { color: var(--muted); background: var(--info-bg); font-weight: normal; }
td.nd { background: repeating-linear-gradient(135deg, transparent 0 4px, var(--line) 4px 5px); }
td.cell a { display: block; font-weight: normal; font-size: 11px; white-space: normal; }
.legend { display: flex; flex-wrap: wrap; gap: 8px 20px; margin: 0 0 10px; padding: 0; list-style: none; font-size: 13px; }
.legend span.sw { display: inline-block; min-width: 28px; text-align: center; border-radius: 4px; margin-right: 6px; font-weight: 600; }
.legend .sw.observed { color: var(--ok); background: var(--ok-bg); }
.legend .sw.failed { color: var(--bad); background: var(--bad-bg); }
.legend .sw.not-observed { color: var(--none); background: var(--none-bg); }
.legend .sw.informational { color: var(--muted); background: var(--info-bg); }
.legend .sw.nd { background: repeating-linear-gradient(135deg, transparent 0 4px, var(--line) 4px 5px); }
section.failure { border: 1px solid var(--line); border-left: 4px solid var(--bad); border-radius: 6px; margin: 0 0 20px; background: var(--bg); }
section.failure > header { padding: 10px 14px; background: var(--bad-bg); }
section.failure > header h3 { color: var(--bad); }
section.failure .rule { padding: 8px 14px 0; }
blockquote.rule-text { margin: 6px 0 0; padding: 4px 12px; border-left: 3px solid var(--line); color: var(--muted); }
details.violation { margin: 10px 14px 14px; border: 1px solid var(--line); border-radius: 6px; }
details.violation > summary { cursor: pointer; padding: 8px 10px; font-weight: 600; background: var(--panel); }
details.violation > div { padding: 4px 10px 10px; }
details.violation h4 { font-size: 13px; margin: 12px 0 0; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.status-passed, .status-failed, .status-skipped { font-weight: 600; white-space: nowrap; }
.status-passed { color: var(--ok); }
.status-skipped { color: var(--none); }
.status-failed a { color: var(--bad); }
table.list th[scope="row"] code { white-space: nowrap; }
table.grid abbr { text-decoration: none; }
section.failure ul.notes { margin: 0 14px 12px; }
ul.notes { margin: 2px 0 0; padding-left: 18px; font-size: 13px; color: var(--muted); }
nav.toc { font-size: 14px; margin-top: 8px; }
nav.toc a { margin-right: 16px; }
footer { margin-top: 40px; font-size: 13px; color: var(--muted); }
@media print {
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  pre { max-height: none; overflow: visible; }
  section.failure > header, tr { break-inside: avoid; }
  details.violation::details-content { content-visibility: visible; display: block; }
  td.observed, td.failed, td.not-observed, .verdict { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;
