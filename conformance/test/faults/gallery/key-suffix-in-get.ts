import { keysIn, previewOfKey, rewriteResponses, type Fault } from '../fault.js';

/** A "longer preview" for support staff: the read route's preview shows the last 16 characters of the key. */
export const fault: Fault = {
  id: 'key-suffix-in-get',
  description: "the read route widens the preview to the key's last 16 characters (a 12+ character run of the key)",
  caughtBy: ['key-once-only', 'preview-masking'],
  apply: () => {
    const wide = new Map<string, string>();
    return {
      wrapHandler: rewriteResponses((res, req) => {
        if (res.status === 201) {
          for (const key of keysIn(res.body)) wide.set(previewOfKey(key), `${'•'.repeat(4)}${key.slice(-12)}`);
          return res;
        }
        if (req.method !== 'GET' || res.status !== 200 || !/\/apikeys\/[^/?]+/.test(req.url)) return res;
        let body = res.body;
        for (const [preview, leak] of wide) body = body.split(preview).join(leak);
        return { ...res, body };
      }),
    };
  },
};
