import { keysIn, previewOfKey, rewriteResponses, type Fault } from '../fault.js';

const widened = new Map<string, string>();

/** An off-by-one in the masking: the preview shows five leading characters and seven bullets. */
export const fault: Fault = {
  id: 'preview-reveals-five',
  description: 'the preview reveals five leading characters of the key (off by one in the mask)',
  caughtBy: ['preview-masking'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      let body = res.body;
      if (res.status === 201) {
        for (const key of keysIn(body)) {
          widened.set(previewOfKey(key), `${key.slice(0, 5)}${'•'.repeat(7)}${key.slice(-4)}`);
        }
      }
      for (const [good, bad] of widened) body = body.split(good).join(bad);
      return { ...res, body };
    }),
  }),
};
