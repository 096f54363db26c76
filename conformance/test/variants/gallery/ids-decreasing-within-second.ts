import { storeAssigningIds, type Variant } from '../variant.js';

/**
 * The second in hex, then a counter that counts down: within one second every new key sorts before the previous
 * one, so keys created in the same second are listed newest first (by `_id`, as the spec orders them).
 */
export const variant: Variant = {
  id: 'ids-decreasing-within-second',
  description:
    '`_id` is the second in hex plus a counter counting down: within a second, each new id is smaller than the last',
  allowedBy:
    '#/paths/~1v2.0~1endpoints~1{endpointId}~1apikeys/get/description ("Keys created within one second are ordered by `_id`, which need not grow with time"); #/components/schemas/ObjectId',
  apply: () => {
    let counter = 0xffffffffffff;
    return {
      store: storeAssigningIds(() => {
        counter -= 1;
        const seconds = Math.floor(Date.now() / 1000)
          .toString(16)
          .padStart(8, '0');
        return `${seconds}${'f'.repeat(4)}${counter.toString(16).padStart(12, '0')}`;
      }),
    };
  },
};
