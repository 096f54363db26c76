export { loadContract, contractFromDocument } from './load-contract.js';
export { createAjv } from './create-ajv.js';
export { packageRoot } from './package-root.js';
export { bundledSpecPath, sourceSpecPath, readSpecDocument } from './spec-document.js';
export { previewOf } from './preview-of.js';
export { ContractError, type ContractErrorCode } from './contract-error.js';
export { splitOutsideQuotes } from './split-outside-quotes.js';
export { parseMediaType, mediaTypeEssence, type MediaType } from './media-type.js';
export { contentTypeFor, representationOf, type Representation } from './representation.js';
export { DecodeError } from './decode-error.js';
export { decodeXml, encodeXml } from './xml.js';
export { csvColumns, csvShape, encodeCsv, readCsv, type CsvShape } from './csv.js';
export { decodeBody, encodeBody, type Decoded } from './codec.js';
export {
  negotiate,
  negotiation,
  REFERENCE_INTERPRETATION,
  type Interpretation,
  type NegotiationOutcome,
} from './negotiate.js';
export {
  checkResponse,
  formatAjvErrors,
  type ResponseCheck,
  type ObservedResponse,
  type ResponseViolation,
} from './check-response.js';
export type * from './types.js';
export { allowedMethods } from './allowed-methods.js';
