import fc from 'fast-check';
import { allowedMethods } from '../../../contract/src/index.js';
import { knownMethods, wellFormed } from '../arbitraries.js';
import { METHOD_NOT_ALLOWED_KEY } from '../coverage.js';
import { expectStatus, expectThat } from '../expect.js';
import { STATUS } from '../statuses.js';
import type { Check, Violation } from '../types.js';

/**
 * Methods a path does not declare get 405 with an Allow header listing exactly the declared ones, plus HEAD where
 * GET is declared (RFC 9110 §15.5.6, §9.1); HEAD on such a path answers like GET, without content (§9.3.2). Only the
 * spec's `recognisedMethods` must get 405: any other method may also get 400 or 501 (RFC 9110 §9.1).
 */
export const methodNotAllowed: Check = {
  id: 'method-not-allowed',
  title: 'Undeclared methods get 405 with a correct Allow; HEAD answers like GET without content',
  rule: '#/x-method-not-allowed',
  profiles: ['full'],
  endpointUse: 'shared',
  async run(ctx): Promise<Violation[]> {
    const { api, contract } = ctx;
    const responses = contract.methodNotAllowed ? [contract.methodNotAllowed] : [];
    // An unrecognised method may get 400 (documented on every operation) or 501 (the `default` problem shape).
    const otherAnswers = api.read.responses.filter(
      (r) => r.status === String(STATUS.badRequest) || r.status === 'default',
    );
    const recognised = new Set(contract.recognisedMethods);
    const keyId = fc.sample(wellFormed(api.keyParam), { numRuns: 1, seed: ctx.seed })[0]!;
    const cases: { template: string; path: string; method: string; allowed: string[] }[] = [];
    for (const [template, declared] of api.methodsByPath) {
      const allowed = allowedMethods(declared.map((method) => ({ method })));
      const path =
        template === api.list.pathTemplate ? api.collectionPath(ctx.endpointId) : api.itemPath(ctx.endpointId, keyId);
      for (const method of knownMethods) if (!allowed.includes(method)) cases.push({ template, path, method, allowed });
    }
    const arb = fc.record({ c: fc.constantFrom(...cases), auth: fc.boolean() });
    const v = await ctx.property('undeclared method', arb, async ({ c, auth }) => {
      const strict = recognised.has(c.method);
      const ex = await ctx.request({
        method: c.method,
        path: c.path,
        auth,
        responses: strict ? responses : [...responses, ...otherAnswers],
        coverageKey: METHOD_NOT_ALLOWED_KEY,
      });
      expectStatus(
        ex,
        strict ? [STATUS.methodNotAllowed] : [STATUS.methodNotAllowed, STATUS.badRequest, STATUS.notImplemented],
        `${c.method} ${c.template}${auth ? '' : ' (no API key)'}`,
      );
      if (ex.status !== STATUS.methodNotAllowed) return;
      // Allow is a list (RFC 9110 §10.2.1, §5.6.1): order, spacing, empty elements, a repeated method and several
      // field lines (joined by the client) do not change the set of methods it names.
      const allow = new Set(
        (ex.headers['allow'] ?? '')
          .split(',')
          .map((m) => m.trim().toUpperCase())
          .filter(Boolean),
      );
      const same = allow.size === new Set(c.allowed).size && c.allowed.every((m) => allow.has(m));
      expectThat(
        same,
        `${c.method} ${c.template}: Allow is "${ex.headers['allow'] ?? '(missing)'}", expected ${c.allowed.join(', ')}`,
        ex,
      );
    });
    const out = v ? [v] : [];
    // HEAD where GET is declared: the GET's status and representation headers, and no content.
    for (const op of api.operations.filter((o) => o.method === 'GET')) {
      const path = op === api.list ? api.collectionPath(ctx.endpointId) : api.itemPath(ctx.endpointId, keyId);
      const get = await ctx.request({ method: 'GET', path, operation: op });
      const head = await ctx.request({ method: 'HEAD', path, operation: op });
      if (head.status !== get.status)
        out.push(ctx.violation(`HEAD ${op.pathTemplate} answered ${head.status}, GET answered ${get.status}`, head));
      else if (mediaTypeKey(head.headers['content-type']) !== mediaTypeKey(get.headers['content-type'])) {
        out.push(
          ctx.violation(
            `HEAD ${op.pathTemplate} has Content-Type ${head.headers['content-type'] ?? '(none)'}, GET ${get.headers['content-type'] ?? '(none)'}`,
            head,
          ),
        );
      }
      if (head.body.length > 0)
        out.push(ctx.violation(`HEAD ${op.pathTemplate} sent ${head.body.length} bytes of content`, head));
    }
    return out;
  },
};

/**
 * A Content-Type reduced to what it means (RFC 9110 §8.3.1, §5.6.6): type, subtype and parameter names in lower case,
 * quoted and token values alike, the charset value in lower case (§8.3.2), parameters in name order, no white space.
 * Two spellings of the same media type give the same key; a missing one gives ''.
 */
export function mediaTypeKey(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  const [essence = '', ...params] = contentType.split(';');
  const parsed = params
    .map((p) => {
      const eq = p.indexOf('=');
      if (eq < 0) return p.trim().toLowerCase();
      const name = p.slice(0, eq).trim().toLowerCase();
      let value = p.slice(eq + 1).trim();
      if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
        value = value.slice(1, -1).replace(/\\(.)/g, '$1');
      return `${name}=${name === 'charset' ? value.toLowerCase() : value}`;
    })
    .filter((p) => p !== '')
    .sort();
  return [essence.trim().toLowerCase(), ...parsed].join(';');
}
