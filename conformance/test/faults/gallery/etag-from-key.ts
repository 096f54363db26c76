import { keysIn, rewriteResponses, type Fault } from '../fault.js';

/** An ETag derived from "the record's unique value": the key's bytes, base64-encoded, on every read. */
export const fault: Fault = {
  id: 'etag-from-key',
  description: "reads carry an ETag that is the key's bytes in base64 (the secret, merely encoded)",
  caughtBy: ['key-once-only'],
  apply: () => {
    const keyById = new Map<string, string>();
    return {
      wrapHandler: rewriteResponses((res, req) => {
        if (res.status === 201) {
          const [key] = keysIn(res.body);
          const id = /\/apikeys\/([0-9a-f]{24})$/.exec(res.headers['location'] ?? '')?.[1];
          if (key && id) keyById.set(id, key);
          return res;
        }
        const id = /\/apikeys\/([0-9a-f]{24})(?:$|\?)/.exec(req.url)?.[1];
        const key = id ? keyById.get(id) : undefined;
        if (req.method !== 'GET' || res.status !== 200 || !key) return res;
        return { ...res, headers: { ...res.headers, etag: `"${Buffer.from(key, 'hex').toString('base64')}"` } };
      }),
    };
  },
};
