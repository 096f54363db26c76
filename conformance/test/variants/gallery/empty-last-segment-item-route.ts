import { rewriteRequests, rewriteResponses, wrapAll } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** The path of the item route with an empty last segment: /v2.0/endpoints/{endpointId}/apikeys/ (query aside). */
const EMPTY_LAST = /^(\/v2\.0\/endpoints\/[^/?#]*\/apikeys\/)(?=$|\?)/;
/** A key id that fails the ObjectId pattern and cannot be a real path segment of the client's (a space). */
const STAND_IN = '%20';

/**
 * A router whose item pattern `/apikeys/{apiKeyId}` also matches an empty segment: `…/apikeys/` is the item route
 * with apiKeyId "", a malformed path parameter (400) with the key, and 401 without (401 comes first).
 */
export const variant: Variant = {
  id: 'empty-last-segment-item-route',
  description:
    '`…/apikeys/` is routed as the item route with an empty apiKeyId: 400 (malformed apiKeyId) with the key, 401 without',
  allowedBy:
    'info.description, Order of checks: a path whose last segment is empty (`…/apikeys/`) may be an unknown path (404) or "the item route with an empty, so malformed, `apiKeyId` (`401` without a valid key, else `400`)"',
  apply: () => ({
    wrapHandler: wrapAll(
      // Outer: sees the client's URL; puts the client's path back into the problem and names the empty id's error.
      rewriteResponses((res, req) => {
        const m = EMPTY_LAST.exec(req.url);
        if (!m || !res.headers['content-type']?.startsWith('application/problem+json')) return res;
        const problem = JSON.parse(res.body) as {
          instance?: string;
          errors?: { in: string; name: string; message: string }[];
        };
        problem.instance = m[1]!;
        if (problem.errors) {
          const others = problem.errors.filter((e) => !(e.in === 'path' && e.name === 'apiKeyId'));
          if (others.length < problem.errors.length)
            others.push({ in: 'path', name: 'apiKeyId', message: 'must NOT have fewer than 24 characters' });
          problem.errors = others;
        }
        return { ...res, body: JSON.stringify(problem) };
      }),
      // Inner: the server sees the item route with a stand-in for the empty id.
      rewriteRequests((req) => {
        req.url = (req.url ?? '').replace(EMPTY_LAST, `$1${STAND_IN}`);
      }),
    ),
  }),
};
