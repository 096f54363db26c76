import { seededStrings, storeAssigningIds, type Variant } from '../variant.js';

/** ULID-like ids: the second as 8 hex digits, then 16 random characters (no counter, so no order within a second). */
export const variant: Variant = {
  id: 'ids-time-prefix-random-suffix',
  description:
    '`_id` is the creation second in hex plus 16 random letters and digits: ordered by second, random within one',
  allowedBy:
    '#/paths/~1v2.0~1endpoints~1{endpointId}~1apikeys/get/description ("Keys created within one second are ordered by `_id`, which need not grow with time"); #/components/schemas/ObjectId',
  apply: () => {
    const random = seededStrings(2, 'abcdefghijklmnopqrstuvwxyz0123456789');
    return {
      store: storeAssigningIds(
        () =>
          Math.floor(Date.now() / 1000)
            .toString(16)
            .padStart(8, '0') + random(16),
      ),
    };
  },
};
