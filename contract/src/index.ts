export {
  loadContract,
  contractFromDocument,
  createAjv,
  packageRoot,
  bundledSpecPath,
  sourceSpecPath,
  readSpecDocument,
  previewOf,
} from './load-contract.js';
export {
  contentTypeFor,
  csvColumns,
  csvShape,
  decodeBody,
  readCsv,
  decodeXml,
  DecodeError,
  encodeBody,
  encodeCsv,
  encodeXml,
  mediaTypeEssence,
  representationOf,
  type CsvShape,
  type Decoded,
  type Representation,
} from './codec.js';
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
  type CheckResult,
  type ObservedResponse,
  type Violation,
} from './check-response.js';
export type * from './types.js';
export { allowedMethods } from './allowed-methods.js';
