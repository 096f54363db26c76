import { essence, rewriteResponses, type Fault } from '../fault.js';

const isList = (url: string) => /\/apikeys(\?|$)/.test(url);

/** The HAL and XML list serializers convert `createdAt` through local time (UTC+1): list items are an hour off, JSON is right. */
export const fault: Fault = {
  id: 'list-created-at-shifted-non-json',
  description: 'HAL and XML list pages show every `createdAt` 3600 s later than JSON, read and create do',
  caughtBy: ['pagination'],
  apply: () => ({
    wrapHandler: rewriteResponses((res, req) => {
      if (req.method !== 'GET' || res.status !== 200 || !isList(req.url)) return res;
      const type = essence(res.headers['content-type']);
      if (type === 'application/hal+json') {
        const page = JSON.parse(res.body) as { items: { createdAt: number }[] };
        for (const item of page.items) item.createdAt += 3600;
        return { ...res, body: JSON.stringify(page) };
      }
      if (type.endsWith('/xml'))
        return {
          ...res,
          body: res.body.replace(
            /<createdAt>(\d+)<\/createdAt>/g,
            (_, n: string) => `<createdAt>${Number(n) + 3600}</createdAt>`,
          ),
        };
      return res;
    }),
  }),
};
