import type { Check, Violation } from '../types.js';
import {
  byteOrderMark,
  contentEncoding,
  invalidBodyProperty,
  malformedJsonProperty,
  prototypeMembers,
  unsupportedContentTypeProperty,
} from './negative-inputs/bodies.js';
import { malformedIdProperties, malformedIdsOnce } from './negative-inputs/ids.js';
import { probeFor } from './negative-inputs/probe.js';
import {
  blankCursors,
  limitOf,
  limitSpellings,
  limitTwice,
  malformedCursorProperties,
  malformedLimitProperty,
} from './negative-inputs/query.js';

/**
 * Generated invalid inputs get the documented 4xx: never 2xx, never 5xx. The parts: `negative-inputs/ids.ts` (path
 * ids), `bodies.ts` (request bodies and their media type), `query.ts` (limit and cursors); `probe.ts` what they share.
 */
export const negativeInputs: Check = {
  id: 'negative-inputs',
  title: 'Malformed ids, invalid bodies, non-JSON, wrong Content-Type and bad query parameters get the documented 4xx',
  rule: '#/info/description (Order of checks)',
  profiles: ['full', 'stateless'],
  endpointUse: 'shared',
  async run(ctx): Promise<Violation[]> {
    const p = probeFor(ctx);
    const full = ctx.profile === 'full';
    await malformedIdsOnce(p);
    await malformedIdProperties(p);
    if (full) await prototypeMembers(p);
    await invalidBodyProperty(p);
    if (full) await malformedJsonProperty(p);
    await unsupportedContentTypeProperty(p);
    const limit = limitOf(p);
    if (limit) {
      await malformedLimitProperty(p, limit);
      if (full) {
        await limitSpellings(p, limit);
        await limitTwice(p, limit);
      }
    }
    if (full) {
      await blankCursors(p);
      await byteOrderMark(p);
      await contentEncoding(p);
    }
    await malformedCursorProperties(p);
    return p.out;
  },
};
