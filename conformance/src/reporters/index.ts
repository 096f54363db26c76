export { renderHtml } from './html.js';
export { renderJson } from './json.js';
export { renderJunit, xmlSafe } from './junit.js';
export { checkLine, renderPretty, renderSummary, startLine, useColor } from './pretty.js';
