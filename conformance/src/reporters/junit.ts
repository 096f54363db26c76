import type { Report } from '../types.js';

/** Escapes text for XML 1.0 content and attributes, dropping characters XML 1.0 cannot carry (§2.2). */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The report as JUnit XML: one testsuite, one testcase per check; failures carry every violation. */
export function renderJunit(report: Report): string {
  const { passed, failed, skipped } = report.summary;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="apikeys-kit conformance" tests="${passed + failed + skipped}" failures="${failed}" skipped="${skipped}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${xmlEscape(`conformance ${report.profile}`)}" tests="${passed + failed + skipped}" failures="${failed}" errors="0" skipped="${skipped}" time="${(report.durationMs / 1000).toFixed(3)}" timestamp="${report.startedAt}">`,
    '    <properties>',
    `      <property name="target" value="${xmlEscape(report.target)}"/>`,
    `      <property name="seed" value="${report.seed}"/>`,
    `      <property name="runs" value="${report.runs}"/>`,
    '    </properties>',
  ];
  for (const c of report.checks) {
    out.push(
      `    <testcase classname="conformance" name="${xmlEscape(c.id)}" time="${(c.durationMs / 1000).toFixed(3)}">`,
    );
    if (c.status === 'skipped') out.push(`      <skipped message="${xmlEscape(c.skipReason ?? '')}"/>`);
    if (c.status === 'failed') {
      const text = c.violations
        .map((v) =>
          [
            v.message,
            v.counterexample !== undefined ? `counterexample: ${JSON.stringify(v.counterexample)}` : '',
            v.seed !== undefined ? `replay: ${v.replay ?? ''} (seed ${v.seed}${v.path ? `, path ${v.path}` : ''})` : '',
            v.curl ?? '',
          ]
            .filter(Boolean)
            .join('\n'),
        )
        .join('\n\n');
      const rule = c.ruleText ? `rule ${c.rule}: "${c.ruleText}"\n\n` : '';
      out.push(
        `      <failure message="${xmlEscape(`${c.violations.length} violation(s) of ${c.rule}`)}" type="${xmlEscape(c.id)}">${xmlEscape(rule + text)}</failure>`,
      );
    }
    if (c.notes.length > 0) out.push(`      <system-out>${xmlEscape(c.notes.join('\n'))}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>', '');
  return out.join('\n');
}
