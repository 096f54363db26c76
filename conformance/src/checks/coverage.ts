import type { CoverageEntry } from '../coverage.js';
import { sweep } from './sweep.js';
import type { Check, Violation } from '../types.js';

const label = (e: CoverageEntry) => `${e.operationId} ${e.status} ${e.mediaType || '(no body)'}`;

/**
 * Every documented (operation, status, media type) was observed at least once. The run's sweep provokes each of them
 * first, so the verdict does not depend on which other checks ran (--only, --skip). Unobserved responses fail the full
 * profile; in the stateless profile (a static mock) they are listed as notes. The `default` response is informational:
 * it documents the shape of a 5xx, which a conforming server is never observed sending. A response marked
 * `x-optional` (a `429`) is one a server may send and need never send: observed or not, it is a note, never a gap.
 */
export const coverage: Check = {
  id: 'coverage',
  title: 'Every documented response (operation, status, media type) was observed',
  rule: '#/info/description (Responses)',
  profiles: ['full', 'stateless'],
  endpointUse: 'shared',
  reviewsRun: true,
  async run(ctx): Promise<Violation[]> {
    await sweep(ctx);
    const matrix = ctx.coverage();
    const expected = matrix.filter((e) => !e.informational && !e.optional);
    const missing = expected.filter((e) => e.observed === 0);
    ctx.note(`${expected.length - missing.length} of ${expected.length} documented responses observed`);
    const informational = matrix.filter((e) => e.informational);
    const seen5xx = informational.filter((e) => e.observed > 0);
    ctx.note(
      seen5xx.length > 0
        ? `the default (5xx) response was observed ${seen5xx.reduce((s, e) => s + e.observed, 0)} times: a conforming server never sends it (see never-5xx)`
        : 'the default (5xx) response is informational: documented for its shape, never observed from a conforming server',
    );
    const optional = matrix.filter((e) => e.optional);
    if (optional.length > 0) {
      const seen = optional.filter((e) => e.observed > 0);
      ctx.note(
        `${optional.length} optional responses (x-optional: may be sent, need never be), ${seen.length} observed` +
          (seen.length > 0 ? `: ${seen.map((e) => `${label(e)} ×${e.observed}`).join(', ')}` : ''),
      );
    }
    const fail = ctx.profile === 'full';
    const out: Violation[] = [];
    for (const e of missing) {
      const text = `${label(e)} was never observed`;
      if (fail) out.push({ message: text });
      else ctx.note(text);
    }
    return out;
  },
};
