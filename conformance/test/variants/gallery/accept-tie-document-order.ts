import { negotiateWith, type Variant } from '../variant.js';

/** Negotiation with another tie-break (the quality of a type comes from its most specific matching range). Ties go to the first of the tied types in the document's order (JSON, HAL, application/xml, text/xml, CSV), whatever Accept lists first or how specific its range is. */
export const variant: Variant = {
  id: 'accept-tie-document-order',
  description:
    'on a quality tie the first of the five in the document\'s order is served, whatever Accept lists first ("text/csv, application/json": JSON)',
  allowedBy:
    'info.description, Content negotiation: each type gets the q of the most specific matching range; "when several types share the highest q, the implementation may send any of them" (RFC 9110 §12.5.1)',
  apply: () => ({ wrapHandler: negotiateWith('document-order') }),
};
