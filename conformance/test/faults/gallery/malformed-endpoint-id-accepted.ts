import { rewriteRequests, type Fault } from '../fault.js';

/** Ids lower-cased and trimmed to 24 characters before lookup instead of being validated. */
export const fault: Fault = {
  id: 'malformed-endpoint-id-accepted',
  description: 'a malformed endpointId is "repaired" (lower-cased, cut to 24 characters) instead of answered 400',
  caughtBy: ['negative-inputs'],
  apply: () => ({
    wrapHandler: rewriteRequests((req) => {
      const m = /^(.*?\/endpoints\/)([^/?]+)(.*)$/.exec(req.url ?? '');
      if (!m) return;
      let id = m[2]!;
      try {
        id = decodeURIComponent(id);
      } catch {
        return;
      }
      const repaired = id
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '')
        .slice(0, 24)
        .padEnd(24, '0');
      req.url = `${m[1]}${repaired}${m[3]}`;
    }),
  }),
};
