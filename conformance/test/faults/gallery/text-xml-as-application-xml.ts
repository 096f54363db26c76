import { rewriteResponses, type Fault } from '../fault.js';

/** One XML serializer for both XML media types, with a hard-coded Content-Type. */
export const fault: Fault = {
  id: 'text-xml-as-application-xml',
  description: 'text/xml requested, served with Content-Type application/xml',
  caughtBy: ['http-contract'],
  apply: () => ({
    wrapHandler: rewriteResponses((res) =>
      (res.headers['content-type'] ?? '').startsWith('text/xml')
        ? { ...res, headers: { ...res.headers, 'content-type': 'application/xml; charset=utf-8' } }
        : res,
    ),
  }),
};
