import { rewriteResponses, type Fault } from '../fault.js';

/** The `Link` header is built from the cursor alone: a client that follows it (the only way for CSV) gets default-size pages. */
export const fault: Fault = {
  id: 'link-header-drops-limit',
  description: "`Link` next/prev URLs carry the cursor but not the client's `limit`",
  caughtBy: ['pagination'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      const link = res.headers['link'];
      if (!link) return res;
      return {
        ...res,
        headers: { ...res.headers, link: link.replace(/([?&])limit=\d+&?/g, '$1').replace(/[?&]>/g, '>') },
      };
    }),
  }),
};
