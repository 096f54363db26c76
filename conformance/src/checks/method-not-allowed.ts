import fc from 'fast-check';
import { knownMethods, wellFormed } from '../arbitraries.js';
import { METHOD_NOT_ALLOWED_KEY } from '../coverage.js';
import { expectStatus, expectThat } from '../expect.js';
import { STATUS } from '../statuses.js';
import type { Check, Violation } from '../types.js';

/** Methods a path does not declare get 405 with an Allow header listing exactly the declared ones (RFC 9110 §15.5.6). */
export const methodNotAllowed: Check = {
  id: 'method-not-allowed',
  title: 'Undeclared methods get 405 with a correct Allow',
  rule: '#/x-method-not-allowed',
  profiles: ['full'],
  async run(ctx): Promise<Violation[]> {
    const { api, contract } = ctx;
    const responses = contract.methodNotAllowed ? [contract.methodNotAllowed] : [];
    const keyId = fc.sample(wellFormed(api.keyParam), { numRuns: 1, seed: ctx.seed })[0]!;
    const cases: { template: string; path: string; method: string; allowed: string[] }[] = [];
    for (const [template, allowed] of api.methodsByPath) {
      const path = template === api.list.pathTemplate ? api.collectionPath(ctx.endpointId) : api.itemPath(ctx.endpointId, keyId);
      for (const method of knownMethods) if (!allowed.includes(method)) cases.push({ template, path, method, allowed });
    }
    const arb = fc.record({ c: fc.constantFrom(...cases), auth: fc.boolean() });
    const v = await ctx.property('undeclared method', arb, async ({ c, auth }) => {
      const ex = await ctx.request({ method: c.method, path: c.path, auth, responses, coverageKey: METHOD_NOT_ALLOWED_KEY });
      expectStatus(ex, [STATUS.methodNotAllowed], `${c.method} ${c.template}${auth ? '' : ' (no API key)'}`);
      const allow = (ex.headers['allow'] ?? '').split(',').map((m) => m.trim().toUpperCase()).filter(Boolean);
      const same = allow.length === c.allowed.length && c.allowed.every((m) => allow.includes(m));
      expectThat(same, `${c.method} ${c.template}: Allow is "${ex.headers['allow'] ?? '(missing)'}", expected the declared methods ${c.allowed.join(', ')}`, ex);
    });
    return v ? [v] : [];
  },
};
