import { essence, rewriteResponses, type Fault } from '../fault.js';

/** The HAL list serializer reuses the request URL as every item's `self`, so an item's link leads to the page, not the key. */
export const fault: Fault = {
  id: 'hal-item-self-is-page',
  description: "in a HAL list page, every item's `_links.self` is the page's own path instead of the key's",
  caughtBy: ['pagination'],
  apply: () => ({
    wrapHandler: rewriteResponses((res, req) => {
      if (res.status !== 200 || essence(res.headers['content-type']) !== 'application/hal+json') return res;
      const page = JSON.parse(res.body) as { items?: { _links: { self: { href: string } } }[] };
      if (!Array.isArray(page.items)) return res;
      for (const item of page.items) item._links.self.href = req.url.split('?')[0]!;
      return { ...res, body: JSON.stringify(page) };
    }),
  }),
};
