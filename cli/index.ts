/**
 * The package's public API (`import … from 'apikeys-kit'`): the contract library, the reference server and the
 * conformance kit, plus the reference server as an in-process conformance target. Each part is also its own entry
 * point: `apikeys-kit/contract`, `apikeys-kit/reference-server`, `apikeys-kit/conformance`.
 */
export * from '../contract/src/index.js';
export * from '../reference-server/src/index.js';
export * from '../conformance/src/index.js';
export { referenceServerTarget } from './in-process-target.js';
