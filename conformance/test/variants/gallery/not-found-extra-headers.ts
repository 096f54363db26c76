import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** A 404 with the headers an API gateway adds to errors (no Retry-After: nothing suggests retrying). */
export const variant: Variant = {
  id: 'not-found-extra-headers',
  description: 'a 404 carries Content-Language, X-Error-Code and a Link to documentation (rel="help")',
  allowedBy:
    '#/components/responses/NotFound documents no headers, which does not forbid any (RFC 9110 §5.1; RFC 8288 §3 rel="help")',
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      res.status !== 404
        ? res
        : {
            ...res,
            headers: {
              ...res.headers,
              'content-language': 'en',
              'x-error-code': 'NOT_FOUND',
              link: '<https://docs.example.com/errors/not-found>; rel="help"',
            },
          },
    ),
  }),
};
