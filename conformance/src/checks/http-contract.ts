import fc from 'fast-check';
import { contentTypeFor } from '../../../contract/src/index.js';
import { acceptHeader } from '../arbitraries.js';
import { PropertyFailure } from '../errors.js';
import type { Exchange } from '../exchange.js';
import { instanceMismatch } from '../problem-instance.js';
import { createKey, deleteKey, listPage, readKey } from '../key-client.js';
import { sweep } from './sweep.js';
import type { Check, CheckContext, Violation } from '../types.js';
import { Findings } from './support/findings.js';

function contractFailure(ex: Exchange, what: string, profile: CheckContext['profile']): void {
  if (ex.status === 0) throw new PropertyFailure(`${what}: no response (${ex.error ?? ''})`, ex);
  const v = (ex.check?.violations ?? []).filter((x) => !(profile === 'stateless' && x.code === 'CONTENT_TYPE_CHARSET'));
  if (v.length > 0) throw new PropertyFailure(`${what}: ${v.map((x) => `${x.code} ${x.message}`).join('; ')}`, ex);
}

/** A response's status and what the contract finds wrong with it, or why none arrived. */
function outcome(ex: Exchange): string {
  if (ex.status === 0) return `no response: ${ex.error ?? ''}`;
  return [`status ${ex.status}`, ...(ex.check?.violations ?? []).map((v) => `${v.code} ${v.message}`)].join('; ');
}

/**
 * Every response of the run (this check's own traffic, the run's sweep of every documented response, and every other
 * check's) against the documented responses: status documented, Content-Type as negotiated, documented headers
 * present and valid, body valid for its media type (XML and CSV read back, then validated). The sweep makes the
 * verdict the same under --only as in a full run.
 */
export const httpContract: Check = {
  id: 'http-contract',
  title: 'Every response matches its documented status, Content-Type, headers and body schema',
  rule: '#/info/description (Responses)',
  profiles: ['full', 'stateless'],
  endpointUse: 'shared',
  reviewsRun: true,
  async run(ctx: CheckContext): Promise<Violation[]> {
    const { api } = ctx;
    const swept = await sweep(ctx);
    // A documented response the sweep cannot provoke (a status it has no request for) is judged only if other traffic
    // happens to provoke it; the stateless profile leaves some out on purpose.
    if (ctx.profile === 'full' && swept.notProvoked.length > 0)
      ctx.note(`the sweep has no request that provokes ${swept.notProvoked.join(', ')}`);
    const seed = await createKey(ctx, 'conformance http-contract');
    const id = seed.key?.[api.idField];
    if (typeof id !== 'string') return [ctx.violation(`create did not return a key (${outcome(seed.ex)})`, seed.ex)];
    const violations = await everyMediaType(ctx, id);
    const v = await negotiatedRepresentation(ctx, id);
    if (v) violations.push(v);
    const { found, judged, tolerated } = reviewRun(ctx, this.id);
    violations.push(...found);
    if (judged === 0)
      violations.push({
        message: 'no response of the run could be checked against a documented response: nothing was judged',
      });
    if (tolerated > 0)
      ctx.note(`${tolerated} text/csv responses without charset=utf-8 (tolerated in the stateless profile)`);
    return violations;
  },
};

/** Every operation in every documented media type, and without Accept; then the key `id` deleted. */
async function everyMediaType(ctx: CheckContext, id: string): Promise<Violation[]> {
  const { api } = ctx;
  const violations: Violation[] = [];
  const cases = [api.create, api.list, api.read].flatMap((op) =>
    [undefined, ...api.successMedia(op)].map((media) => ({ op, media })),
  );
  // Sent together (the run's concurrency bounds them), judged in this order.
  const answers = await Promise.all(
    cases.map(async ({ op, media }) =>
      op === api.create
        ? (await createKey(ctx, 'conformance http-contract', media)).ex
        : op === api.list
          ? await listPage(ctx, {}, media)
          : (await readKey(ctx, id, media)).ex,
    ),
  );
  for (const [i, { op, media }] of cases.entries()) {
    const ex = answers[i]!;
    try {
      contractFailure(ex, `${op.operationId} with Accept ${media ?? '(none)'}`, ctx.profile);
    } catch (e) {
      violations.push(ctx.violation((e as Error).message, ex, { operationId: op.operationId, accept: media ?? null }));
    }
  }
  const del = await deleteKey(ctx, id);
  try {
    contractFailure(del, `${api.remove.operationId}`, ctx.profile);
  } catch (e) {
    violations.push(ctx.violation((e as Error).message, del));
  }
  return violations;
}

/**
 * Generated Accept headers (quality values, wildcards, forms the spec leaves open): the answer is one the spec allows.
 * Reads a key created for it (`id`, deleted by now, if that create failed).
 */
async function negotiatedRepresentation(ctx: CheckContext, id: string): Promise<Violation | undefined> {
  const { api } = ctx;
  const live = await createKey(ctx, 'conformance http-contract');
  const liveId = live.key?.[api.idField] as string | undefined;
  const ops = [api.create, api.list, api.read];
  const arb = fc.constantFrom(...ops).chain((op) =>
    fc.record({
      operationId: fc.constant(op.operationId),
      accept: acceptHeader(api.successMedia(op), ctx.profile === 'full'),
    }),
  );
  return ctx.property(
    'negotiated representation',
    arb,
    async ({ operationId, accept }) => {
      const ex =
        operationId === api.create.operationId
          ? (await createKey(ctx, 'conformance http-contract', accept)).ex
          : operationId === api.list.operationId
            ? await listPage(ctx, {}, accept)
            : (await readKey(ctx, liveId ?? id, accept)).ex;
      contractFailure(ex, `${operationId} with Accept ${accept ?? '(none)'}`, ctx.profile);
    },
    Math.max(1, Math.ceil(ctx.runs / 2)),
    acceptExamples(api.successMedia(api.read), ctx.profile === 'full').map((accept) => ({
      operationId: api.read.operationId,
      accept,
    })),
  );
}

/**
 * Everything else the run has sent so far (not this check's own traffic, `checkId`), grouped so one fault is reported
 * once with a count; and how many responses were judged, and how many faults the profile tolerates.
 */
function reviewRun(ctx: CheckContext, checkId: string): { found: Violation[]; judged: number; tolerated: number } {
  const found = new Findings();
  // Prism labels CSV "text/csv" without charset; a static mock is not held to that here (noted instead).
  const isTolerated = (code: string) => ctx.profile === 'stateless' && code === 'CONTENT_TYPE_CHARSET';
  let tolerated = 0;
  let judged = 0;
  for (const ex of ctx.exchanges()) {
    if (ex.check) judged++;
    if (ex.checkId === checkId || !ex.check || ex.check.violations.length === 0) continue;
    for (const viol of ex.check.violations) {
      if (isTolerated(viol.code)) {
        tolerated++;
        continue;
      }
      found.add(
        `${ex.operationId ?? ex.method} ${ex.status} ${viol.code}`,
        ex,
        `${ex.operationId ?? ex.method} ${ex.status} (seen by ${ex.checkId}): ${viol.code} ${viol.message}`,
      );
    }
  }
  if (ctx.profile === 'full') problemInstances(ctx, found);
  return { found: found.violations(ctx), judged, tolerated };
}

/**
 * A problem's `instance` is the request path (see instanceMismatch). A static mock answers with the document's example
 * problems, so this is for the full profile only.
 */
function problemInstances(ctx: CheckContext, found: Findings): void {
  const prefix = new URL(ctx.http.url('')).pathname.replace(/\/+$/, '');
  for (const ex of ctx.exchanges()) {
    const decoded = ex.check?.decoded;
    if (ex.check?.mediaType !== 'application/problem+json' || decoded?.representation !== 'json') continue;
    const instance = (decoded.value as Record<string, unknown> | null)?.['instance'];
    if (typeof instance !== 'string') continue;
    const requested = instanceMismatch(instance, ex.url, prefix);
    if (requested !== undefined)
      found.add(
        `${ex.operationId ?? ex.method} ${ex.status} instance`,
        ex,
        `${ex.operationId ?? ex.method} ${ex.status}: problem instance ${JSON.stringify(instance)} is not the request path ${requested}`,
      );
  }
}

/**
 * Accept values every run tries. Where only the quality values decide (a server that takes the first listed type, or
 * ignores q, answers wrongly): the least preferred type listed first, then the preferred one with a higher q. And the
 * forms whose reading the spec leaves open, where every allowed answer must pass: ties (`text/csv, application/json`,
 * `*\/*, text/csv`, a repeated range), an invalid element alone (`foo`: JSON or 406), a parameter value in another
 * case, parameters after the weight.
 */
/** A parameter (other than charset) of the Content-Type some success type is sent with (`header=present` for CSV). */
function distinctiveParameter(media: readonly string[]): string | undefined {
  return media
    .flatMap((m) => contentTypeFor(m).split(';').slice(1))
    .map((p) => p.trim())
    .find((p) => p !== '' && !/^charset=/i.test(p));
}

function acceptExamples(media: readonly string[], brokenForms: boolean): string[] {
  const last = media[media.length - 1]!;
  const out: string[] = [
    'text/*',
    `${last}, ${media[0]}`,
    `*/*;q=0.5, ${last}`,
    `*/*, ${last}`,
    'text/csv;header=present',
    'text/csv;header=PRESENT',
  ];
  out.push('text/xml, application/xml, text/xml');
  // Forms that break RFC 9110's grammar: full profile only (the Prism mock drops the connection on `Accept: foo`).
  // So is a */* range with a parameter, which matches only the types that carry it (spec, Content negotiation): the
  // Prism mock reads it as */* and answers JSON.
  if (brokenForms) {
    out.push('foo', 'text/csv;q=0.5;header=present, application/json;q=0.4', 'application/json;q=abc, text/csv');
    const param = distinctiveParameter(media);
    if (param !== undefined) out.push(`*/*;${param}`, `*/*;q=0.5;${param}`);
  }
  for (let i = 1; i < media.length; i++)
    out.push(`${media[i]};q=0.1, ${media[0]}`, `${media[0]};q=0.2, ${media[i]};q=0.9`);
  return out;
}
