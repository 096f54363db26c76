import { XMLBuilder } from 'fast-xml-parser';
import type { CheckResult, Report, Violation } from '../types.js';

/** Characters XML 1.0 cannot carry (§2.2): every code point outside Char, including unpaired surrogates. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Text as XML 1.0 can carry it: characters outside its Char production become U+FFFD. Escaping is the builder's. */
export function xmlSafe(s: string): string {
  return s.replace(NOT_XML_CHAR, '\ufffd');
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
});

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** A violation as the lines of a failure's text. */
function violationText(v: Violation): string {
  return [
    v.message,
    v.counterexample !== undefined ? `counterexample: ${JSON.stringify(v.counterexample)}` : '',
    v.seed !== undefined ? `replay: ${v.replay ?? ''} (seed ${v.seed}${v.path ? `, path ${v.path}` : ''})` : '',
    v.curl ?? '',
    v.command ?? '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** One check as a JUnit testcase: skipped with its reason, or failed with every violation, and its notes. */
function testcase(c: CheckResult): Record<string, unknown> {
  const node: Record<string, unknown> = {
    '@classname': 'conformance',
    '@name': xmlSafe(c.id),
    '@time': seconds(c.durationMs),
  };
  if (c.status === 'skipped') node['skipped'] = { '@message': xmlSafe(c.skipReason ?? '') };
  if (c.status === 'failed') {
    const rule = c.ruleText ? `rule ${c.rule}: "${c.ruleText}"\n\n` : '';
    node['failure'] = {
      '@message': xmlSafe(`${c.violations.length} violation(s) of ${c.rule}`),
      '@type': xmlSafe(c.id),
      '#text': xmlSafe(rule + c.violations.map(violationText).join('\n\n')),
    };
  }
  if (c.notes.length > 0) node['system-out'] = xmlSafe(c.notes.join('\n'));
  return node;
}

/** The report as JUnit XML: one testsuite, one testcase per check; failures carry every violation. */
export function renderJunit(report: Report): string {
  const { passed, failed, skipped } = report.summary;
  const counts = { '@tests': passed + failed + skipped, '@failures': failed };
  const time = seconds(report.durationMs);
  const doc = {
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    testsuites: {
      '@name': 'apikeys-kit conformance',
      ...counts,
      '@skipped': skipped,
      '@time': time,
      testsuite: {
        '@name': xmlSafe(`conformance ${report.profile}`),
        ...counts,
        '@errors': 0,
        '@skipped': skipped,
        '@time': time,
        '@timestamp': report.startedAt,
        properties: {
          property: [
            { '@name': 'target', '@value': xmlSafe(report.target) },
            { '@name': 'seed', '@value': report.seed },
            { '@name': 'runs', '@value': report.runs },
            { '@name': 'requests', '@value': report.summary.requests },
            { '@name': 'retries', '@value': report.summary.retries },
            { '@name': 'retryWaitMs', '@value': report.summary.retryWaitMs },
            { '@name': 'timeLimitReached', '@value': String(report.summary.timeLimitReached) },
            { '@name': 'rate', '@value': report.options.rate === null ? 'none' : String(report.options.rate) },
            { '@name': 'headers', '@value': xmlSafe(report.options.headers.join(',')) },
            { '@name': 'ca', '@value': xmlSafe(report.options.ca ?? 'none') },
            { '@name': 'proxyUsed', '@value': String(report.options.proxyUsed) },
          ],
        },
        testcase: report.checks.map(testcase),
      },
    },
  };
  return builder.build(doc);
}
