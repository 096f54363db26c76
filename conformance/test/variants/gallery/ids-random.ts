import { seededStrings, storeAssigningIds, type Variant } from '../variant.js';

/**
 * A store that assigns random ids (a UUID-style generator, spelled in the ObjectId alphabet): no order at all. The
 * generator is seeded so the gallery run is reproducible.
 */
export const variant: Variant = {
  id: 'ids-random',
  description: '`_id`s are 24 random lowercase letters and digits, so they do not increase, not even across seconds',
  allowedBy:
    '#/paths/~1v2.0~1endpoints~1{endpointId}~1apikeys/get/description ("Keys created within one second are ordered by `_id`, which need not grow with time"); #/components/schemas/ObjectId',
  apply: () => {
    const random = seededStrings(1, 'abcdefghijklmnopqrstuvwxyz0123456789');
    return { store: storeAssigningIds(() => random(24)) };
  },
};
