import { renameHeaders, type Variant } from '../variant.js';

/** Header names written in upper case on the wire (CONTENT-TYPE, LOCATION, CACHE-CONTROL, …). */
export const variant: Variant = {
  id: 'header-names-upper-case',
  description: 'every response header name is written in upper case (CONTENT-TYPE, LOCATION, VARY, …)',
  allowedBy: 'RFC 9110 §5.1 (field names are case-insensitive)',
  apply: () => ({ wrapHandler: renameHeaders((name) => name.toUpperCase()) }),
};
