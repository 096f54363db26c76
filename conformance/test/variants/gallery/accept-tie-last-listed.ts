import { negotiateWith, type Variant } from '../variant.js';

/** Negotiation with another tie-break (the quality of a type comes from its most specific matching range). Ties go to the type whose range comes last in Accept (then reverse document order among types of the same range). */
export const variant: Variant = {
  id: 'accept-tie-last-listed',
  description:
    'on a quality tie the type whose range comes last in Accept is served ("text/csv, application/json": JSON)',
  allowedBy:
    'info.description, Content negotiation: each type gets the q of the most specific matching range; "when several types share the highest q, the implementation may send any of them" (RFC 9110 §12.5.1)',
  apply: () => ({ wrapHandler: negotiateWith('last-listed') }),
};
