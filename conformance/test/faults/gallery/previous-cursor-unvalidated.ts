import { rewriteRequests, rewriteResponses, wrapAll, type Fault } from '../fault.js';

/**
 * `next` is verified, but a `previous` that does not decode is dropped (a lenient decoder returning undefined), so a
 * forged or stale `previous` cursor silently gives the first page with 200 instead of 400.
 */
export const fault: Fault = {
  id: 'previous-cursor-unvalidated',
  description: 'a `previous` cursor the server did not issue is ignored (200, first page) instead of refused with 400',
  caughtBy: ['pagination'],
  apply: () => {
    // Stands in for the lenient decoder: the cursors this server issued are the ones that "decode".
    const issued = new Set<string>();
    const remember = rewriteResponses((res) => {
      for (const m of res.body.matchAll(
        /"(?:nextCursor|previousCursor)":"([^"]+)"|<(?:nextCursor|previousCursor)>([^<]+)</g,
      ))
        issued.add((m[1] ?? m[2])!);
      for (const m of (res.headers['link'] ?? '').matchAll(/[?&](?:next|previous)=([^&>]+)/g))
        issued.add(decodeURIComponent(m[1]!));
      return res;
    });
    const dropUnknownPrevious = rewriteRequests((req) => {
      const [path, query] = (req.url ?? '').split(/\?(.*)/s);
      if (query === undefined) return;
      const params = new URLSearchParams(query);
      const previous = params.get('previous');
      if (previous === null || issued.has(previous)) return;
      params.delete('previous');
      req.url = `${path!}${params.size > 0 ? `?${params.toString()}` : ''}`;
    });
    return { wrapHandler: wrapAll(remember, dropUnknownPrevious) };
  },
};
