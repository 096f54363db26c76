import type { Fault } from '../fault.js';

/** A server (or a proxy in front) that routes by path alone and never looks at Host. */
export const fault: Fault = {
  id: 'host-not-checked',
  description: 'requests without Host, with two Host lines or an invalid Host are served as usual instead of 400',
  caughtBy: ['malformed-requests'],
  apply: () => ({
    wrapHandler: (handler) => (req, res) => {
      // What the server's Host check reads (RFC 9112 §3.2): one valid Host line, whatever arrived.
      const raw: string[] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        if (req.rawHeaders[i]?.toLowerCase() !== 'host') raw.push(req.rawHeaders[i]!, req.rawHeaders[i + 1] ?? '');
      req.rawHeaders = ['Host', 'localhost', ...raw];
      req.headers.host = 'localhost';
      handler(req, res);
    },
  }),
};
