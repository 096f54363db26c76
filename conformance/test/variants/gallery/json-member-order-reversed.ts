import { rewriteResponses } from '../../faults/fault.js';
import { isJson, type Variant } from '../variant.js';

const reversed = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(reversed)
    : typeof v === 'object' && v !== null
      ? Object.fromEntries(
          Object.entries(v)
            .reverse()
            .map(([k, x]) => [k, reversed(x)]),
        )
      : v;

/** JSON objects with their members in another order (reverse of the schema's), at every level. */
export const variant: Variant = {
  id: 'json-member-order-reversed',
  description:
    'every JSON object (key, page, _links, problem) lists its members in reverse order ("createdAt" first, "_links" first)',
  allowedBy: 'RFC 8259 §4 (an object is an unordered collection of members); the schemas do not order properties',
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      isJson(res.headers['content-type']) && res.body !== ''
        ? { ...res, body: JSON.stringify(reversed(JSON.parse(res.body))) }
        : res,
    ),
  }),
};
