import { essence, rewriteResponses, type Fault } from '../fault.js';

/** The HAL `next`/`prev` links are built from the page's `self` and the cursor is never appended: they lead back to the same page. */
export const fault: Fault = {
  id: 'hal-next-href-without-cursor',
  description:
    "HAL `_links.next` and `_links.prev` repeat the page's `self` href, without the cursor (the body cursors are right)",
  caughtBy: ['pagination'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) => {
      if (res.status !== 200 || essence(res.headers['content-type']) !== 'application/hal+json') return res;
      const page = JSON.parse(res.body) as { _links: Record<string, { href: string }> };
      for (const rel of ['next', 'prev']) if (page._links[rel]) page._links[rel] = { href: page._links['self']!.href };
      return { ...res, body: JSON.stringify(page) };
    }),
  }),
};
