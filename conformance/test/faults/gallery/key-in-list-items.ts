import { essence, keysIn, rewriteResponses, type Fault } from '../fault.js';

/** The list serializer spreads the whole create result, plaintext key included, into every item. */
export const fault: Fault = {
  id: 'key-in-list-items',
  description: 'the plaintext key is copied into list items (JSON)',
  caughtBy: ['key-once-only', 'http-contract'],
  apply: () => {
    const keyById = new Map<string, string>();
    return {
      wrapHandler: rewriteResponses((res, req) => {
        if (res.status === 201 && essence(res.headers['content-type']) === 'application/json') {
          const created = JSON.parse(res.body) as { _id: string };
          const [key] = keysIn(res.body);
          if (key) keyById.set(created._id, key);
        }
        if (res.status === 200 && req.method === 'GET' && essence(res.headers['content-type']) === 'application/json') {
          const body = JSON.parse(res.body) as { items?: { _id: string; key?: string }[] };
          if (Array.isArray(body.items)) {
            for (const item of body.items) {
              const key = keyById.get(item._id);
              if (key) item.key = key;
            }
            return { ...res, body: JSON.stringify(body) };
          }
        }
        return res;
      }),
    };
  },
};
