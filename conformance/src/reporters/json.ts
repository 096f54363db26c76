import type { Report } from '../types.js';

/** The report as JSON (valid against conformance/report.schema.json). */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
