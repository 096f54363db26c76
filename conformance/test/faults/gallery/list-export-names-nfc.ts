import { essence, rewriteResponses, type Fault } from '../fault.js';

/** List pages in HAL, XML and CSV go through an export library that NFC-normalises text; JSON, create and read are right. */
export const fault: Fault = {
  id: 'list-export-names-nfc',
  description:
    'list pages in HAL, XML and CSV NFC-normalise names ("e\\u0301" comes back as "é"); the JSON list is right',
  caughtBy: ['pagination'],
  apply: () => ({
    wrapHandler: rewriteResponses((res, req) => {
      if (req.method !== 'GET' || res.status !== 200 || !/\/apikeys(\?|$)/.test(req.url)) return res;
      if (essence(res.headers['content-type']) === 'application/json') return res;
      return { ...res, body: res.body.normalize('NFC') };
    }),
  }),
};
