import { rewriteResponses } from '../../faults/fault.js';
import type { Variant } from '../variant.js';

/** Another 401 detail, the same whether the key is missing or wrong. */
export const variant: Variant = {
  id: 'unauthorized-detail-other',
  description: 'the 401 detail says "Invalid or missing API key." (the same text for a missing and a wrong key)',
  allowedBy: "#/components/responses/Unauthorized ('Both cases get the same body'; the detail text is an example)",
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (res.status !== 401) return res;
      const problem = JSON.parse(res.body) as Record<string, unknown>;
      return {
        ...res,
        body: JSON.stringify({ ...problem, detail: 'Invalid or missing API key.', title: 'Unauthorized' }),
      };
    }),
  }),
};
