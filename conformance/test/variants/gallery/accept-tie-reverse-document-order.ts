import { negotiateWith, type Variant } from '../variant.js';

/** Negotiation with another tie-break (the quality of a type comes from its most specific matching range). Ties go to the last of the tied types in the document's order (CSV before text/xml before application/xml …). */
export const variant: Variant = {
  id: 'accept-tie-reverse-document-order',
  description:
    'on a quality tie the last of the five in the document\'s order is served ("application/json, text/csv": CSV)',
  allowedBy:
    'info.description, Content negotiation: each type gets the q of the most specific matching range; "when several types share the highest q, the implementation may send any of them" (RFC 9110 §12.5.1)',
  apply: () => ({ wrapHandler: negotiateWith('reverse-document-order') }),
};
