import { rewriteResponses, type Fault } from '../fault.js';

/** A framework that treats any Expect it does not know as a malformed request. */
export const fault: Fault = {
  id: 'expect-unknown-refused-400',
  description: 'a request with an Expect other than 100-continue gets 400 instead of its usual answer or 417',
  caughtBy: ['malformed-requests'],
  apply: () => ({
    wrapHandler: rewriteResponses((res, req) => {
      const expect = req.headers.expect;
      if (expect === undefined || expect.toLowerCase() === '100-continue') return res;
      const body = JSON.stringify({
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'Unsupported expectation.',
        instance: req.url.split('?')[0],
        traceId: '0'.repeat(32),
        errors: [{ in: 'header', name: 'Expect', message: 'unsupported expectation' }],
      });
      return { status: 400, headers: { 'content-type': 'application/problem+json' }, body };
    }),
  }),
};
