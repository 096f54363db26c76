import { rewriteResponses, type Fault } from '../fault.js';

/** The `Link` header comes from a hard-coded route that forgot the `/endpoints/{endpointId}` segment. */
export const fault: Fault = {
  id: 'link-header-wrong-path',
  description: '`Link` next/prev URLs point to `/v2.0/apikeys?…` (no endpoint segment); the cursors in them are right',
  caughtBy: ['pagination'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      const link = res.headers['link'];
      if (!link) return res;
      return { ...res, headers: { ...res.headers, link: link.replace(/\/endpoints\/[^/?>]+\/apikeys/g, '/apikeys') } };
    }),
  }),
};
