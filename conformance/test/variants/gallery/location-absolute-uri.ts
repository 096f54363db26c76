import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** Location as an absolute URI, built from the request's Host (what most frameworks' "url_for(_external=True)" do). */
export const variant: Variant = {
  id: 'location-absolute-uri',
  description: 'the 201 `Location` is an absolute URI (http://host:port/v2.0/…) instead of an absolute path',
  allowedBy:
    '#/components/headers/Location/description ("as an absolute URI or a URI reference resolved against the request URL", RFC 9110 §10.2.2)',
  apply: () => ({
    wrapHandler: rewriteResponses((res, req) => {
      const location = res.headers['location'];
      if (location === undefined || !location.startsWith('/')) return res;
      return { ...res, headers: { ...res.headers, location: `http://${String(req.headers.host)}${location}` } };
    }),
  }),
};
