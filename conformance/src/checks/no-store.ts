import { cacheDirectives } from '../expect.js';
import { createKey } from '../key-client.js';
import { sweep } from '../sweep.js';
import type { Check, Violation } from '../types.js';

/** Every response that carries a secret says Cache-Control: no-store (RFC 9111 §5.2.2.5). */
export const noStore: Check = {
  id: 'no-store',
  title: 'Cache-Control: no-store on every response that carries a secret',
  rule: '#/components/headers/CacheControlNoStore',
  profiles: ['full', 'stateless'],
  async run(ctx): Promise<Violation[]> {
    const { api } = ctx;
    await sweep(ctx);
    for (const media of [undefined, ...api.successMedia(api.create)]) await createKey(ctx, 'conformance no-store', media);
    const out: Violation[] = [];
    let carrying = 0;
    for (const ex of ctx.exchanges()) {
      if (ex.status === 0 || ctx.secrets.find(ex.body).length === 0) continue;
      carrying++;
      if (!cacheDirectives(ex).includes('no-store')) {
        out.push(ctx.violation(`${ex.operationId ?? ex.method} ${ex.status} (${ex.headers['content-type'] ?? 'no Content-Type'}) carries a secret with Cache-Control ${JSON.stringify(ex.headers['cache-control'] ?? '(missing)')}`, ex));
        if (out.length >= 10) break;
      }
    }
    ctx.note(`${carrying} responses carrying a secret checked`);
    if (carrying === 0) out.push({ message: 'no response carried a secret: the create responses could not be read' });
    return out;
  },
};
