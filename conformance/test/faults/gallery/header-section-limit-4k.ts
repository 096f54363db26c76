import { rewriteResponses, type Fault } from '../fault.js';

/** A proxy in front of the service with a 4 KiB header buffer (nginx's default client_header_buffer_size is 1 KiB). */
export const fault: Fault = {
  id: 'header-section-limit-4k',
  description: 'requests whose header section exceeds 4096 bytes get 431 (a front proxy with a small header buffer)',
  caughtBy: ['large-header-section'],
  apply: () => ({
    wrapHandler: rewriteResponses((res, req) => {
      const size = Object.entries(req.headers).reduce(
        (n, [k, v]) => n + Buffer.byteLength(`${k}: ${String(v)}\r\n`),
        0,
      );
      if (size <= 4096) return res;
      const body = JSON.stringify({
        type: 'about:blank',
        title: 'Request header fields too large',
        status: 431,
        detail: 'Header section too large.',
        instance: req.url.split('?')[0],
        traceId: '0'.repeat(32),
      });
      return { status: 431, headers: { 'content-type': 'application/problem+json' }, body };
    }),
  }),
};
