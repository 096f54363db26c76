/** The conformance kit's public surface. */
export { runConformance, deriveSeed } from './run-conformance.js';
export { catalogue } from './checks/index.js';
export { ConformanceError, PropertyFailure, type ConformanceErrorCode } from './errors.js';
export { renderHtml, renderJson, renderJunit, renderPretty } from './reporters/index.js';
export { checkLine, renderSummary, startLine, useColor } from './reporters/pretty.js';
export { scrubber, API_KEY_PLACEHOLDER } from './scrub.js';
export { curlOf, shellQuote } from './curl.js';
export type { ExtraHeader } from './extra-header.js';
export { parseHeaderArgument } from './extra-headers.js';
export type * from './types.js';
