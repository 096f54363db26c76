import type { Check } from '../types.js';
import { authRequired } from './auth-required.js';
import { authWrongKey } from './auth-wrong-key.js';
import { bodyTooLarge } from './body-too-large.js';
import { concurrency } from './concurrency.js';
import { coverage } from './coverage.js';
import { endpointIsolation } from './endpoint-isolation.js';
import { httpContract } from './http-contract.js';
import { idPatternUnique } from './id-pattern-unique.js';
import { keyOnceOnly } from './key-once-only.js';
import { keyRandomness } from './key-randomness.js';
import { largeHeaderSection } from './large-header-section.js';
import { lifecycle } from './lifecycle.js';
import { malformedRequests } from './malformed-requests.js';
import { methodNotAllowed } from './method-not-allowed.js';
import { negativeInputs } from './negative-inputs.js';
import { never5xx } from './never-5xx.js';
import { noStore } from './no-store.js';
import { notAcceptable } from './not-acceptable.js';
import { pagination } from './pagination.js';
import { positiveNames } from './positive-names.js';
import { previewMasking } from './preview-masking.js';
import { timestampRange } from './timestamp-range.js';
import { timestampWindow } from './timestamp-window.js';
import { unknownIds404 } from './unknown-ids-404.js';

/**
 * The catalogue, in run order. Checks that review every exchange of the run (http-contract, key-once-only, never-5xx,
 * no-store, timestamp-range) come after the ones that generate traffic, and coverage comes last.
 */
export const catalogue: readonly Check[] = [
  positiveNames,
  negativeInputs,
  bodyTooLarge,
  authRequired,
  authWrongKey,
  unknownIds404,
  endpointIsolation,
  methodNotAllowed,
  notAcceptable,
  largeHeaderSection,
  malformedRequests,
  idPatternUnique,
  previewMasking,
  timestampWindow,
  lifecycle,
  pagination,
  concurrency,
  keyRandomness,
  timestampRange,
  noStore,
  keyOnceOnly,
  never5xx,
  httpContract,
  coverage,
];
