import { renameHeaders, type Variant } from '../variant.js';

/** Header names in the conventional Title-Case most servers write (Content-Type, WWW-Authenticate, Cache-Control). */
export const variant: Variant = {
  id: 'header-names-title-case',
  description: 'every response header name is written in Title-Case (Content-Type, Www-Authenticate, X-Request-Id, …)',
  allowedBy: 'RFC 9110 §5.1 (field names are case-insensitive)',
  apply: () => ({
    wrapHandler: renameHeaders((name) =>
      name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase()),
    ),
  }),
};
