import type { Fault } from '../fault.js';

/** A proxy rule that kills connections for methods it does not know (WebDAV and friends) instead of answering. */
export const fault: Fault = {
  id: 'drops-connection-on-odd-methods',
  description:
    'requests with methods other than GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS get their connection dropped, no response',
  caughtBy: ['never-5xx'],
  apply: () => ({
    wrapHandler: (handler) => (req, res) => {
      if (!['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].includes(req.method ?? '')) {
        req.socket.destroy();
        return;
      }
      handler(req, res);
    },
  }),
};
