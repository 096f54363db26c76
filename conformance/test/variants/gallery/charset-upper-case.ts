import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** `charset=UTF-8` (upper case) in every Content-Type that has a charset. */
export const variant: Variant = {
  id: 'charset-upper-case',
  description:
    'Content-Types say `charset=UTF-8` in upper case (application/json, application/xml, text/xml, text/csv)',
  allowedBy: 'RFC 9110 §8.3.1 (charset values are case-insensitive), RFC 6657 §4',
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      const ct = res.headers['content-type'];
      if (ct === undefined || !/charset=utf-8/i.test(ct)) return res;
      return { ...res, headers: { ...res.headers, 'content-type': ct.replace(/charset=utf-8/i, 'charset=UTF-8') } };
    }),
  }),
};
