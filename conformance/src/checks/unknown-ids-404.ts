import fc from 'fast-check';
import { pathOf } from '../api-model.js';
import { wellFormed } from '../arbitraries.js';
import { expectStatus } from '../expect.js';
import { expectedFor, STATUS } from '../statuses.js';
import type { Check, CheckContext, Operation, Violation } from '../types.js';

/** Well-formed ids of no Endpoint or no key get 404 on every operation. */
export const unknownIds404: Check = {
  id: 'unknown-ids-404',
  title: 'Well-formed unknown Endpoint and key ids get 404',
  rule: '#/components/responses/NotFound',
  profiles: ['full'],
  endpointUse: 'shared',
  async run(ctx): Promise<Violation[]> {
    const u = unknownIdsFor(ctx);
    const out: Violation[] = [];
    out.push(...(await everyOperationOnce(u)));
    out.push(...(await notFoundComesFirst(u)));
    out.push(...(await unknownPaths(u)));
    const empty = await emptyLastSegment(u);
    if (empty) out.push(empty);
    const v1 = await unknownEndpointProperty(u);
    if (v1) out.push(v1);
    const v2 = await unknownKeyProperty(u);
    if (v2) out.push(v2);
    return out;
  },
};

/** What the parts share: ids of no Endpoint and no key (generators, and one of each drawn with the run's seed). */
interface UnknownIds {
  ctx: CheckContext;
  otherEndpoint: fc.Arbitrary<string>;
  key: fc.Arbitrary<string>;
  sweepEndpoint: string;
  sweepKey: string;
  /** A valid create body. */
  body: string;
}

function unknownIdsFor(ctx: CheckContext): UnknownIds {
  const { api } = ctx;
  const otherEndpoint = wellFormed(api.endpointParam).filter(
    (id) => id !== ctx.endpointId && id !== ctx.otherEndpointId,
  );
  const key = wellFormed(api.keyParam);
  return {
    ctx,
    otherEndpoint,
    key,
    sweepEndpoint: fc.sample(otherEndpoint, { numRuns: 1, seed: ctx.seed })[0]!,
    sweepKey: fc.sample(key, { numRuns: 1, seed: ctx.seed })[0]!,
    body: JSON.stringify({ [api.nameField]: 'conformance unknown-ids-404' }),
  };
}

/** An operation on the given ids, with a valid body where it takes one. */
function onIds(u: UnknownIds, op: Operation, endpointId: string, keyId: string) {
  const { api } = u.ctx;
  return u.ctx.request({
    method: op.method,
    path: pathOf(api, op, endpointId, keyId),
    ...(op.requestBody ? { headers: { 'content-type': api.requestMediaType }, body: u.body } : {}),
    operation: op,
  });
}

/** Every operation once, whatever the number of runs, on an unknown Endpoint. */
async function everyOperationOnce(u: UnknownIds): Promise<Violation[]> {
  const { ctx, sweepEndpoint } = u;
  const { api } = ctx;
  const out: Violation[] = [];
  for (const op of api.operations) {
    const ex = await onIds(u, op, sweepEndpoint, u.sweepKey);
    if (!expectedFor(op, STATUS.notFound).includes(ex.status))
      out.push(
        ctx.violation(
          `${op.operationId} on unknown ${api.endpointParam.name} ${sweepEndpoint}: expected 404, got ${ex.status}`,
          ex,
        ),
      );
  }
  return out;
}

/**
 * The spec's order of checks puts an unknown Endpoint or key (404) before a malformed query, an unacceptable
 * Accept, the body's media type and the body itself: those must not turn the 404 into 400/406/415.
 */
async function notFoundComesFirst(u: UnknownIds): Promise<Violation[]> {
  const { ctx, sweepEndpoint, sweepKey, body } = u;
  const { api } = ctx;
  const out: Violation[] = [];
  const limitName = api.limitParam?.name;
  const badLimit = api.limitParam ? String(Number(api.limitParam.resolvedSchema['minimum'] ?? 1) - 1) : undefined;
  const combos: { what: string; op: Operation; path: string; headers?: Record<string, string>; body?: string }[] = [
    ...(limitName && badLimit !== undefined
      ? [
          {
            what: `a malformed ${limitName}`,
            op: api.list,
            path: `${api.collectionPath(sweepEndpoint)}?${limitName}=${badLimit}`,
          },
        ]
      : []),
    {
      what: 'an unacceptable Accept',
      op: api.read,
      path: api.itemPath(ctx.endpointId, sweepKey),
      headers: { accept: 'image/png' },
    },
    {
      what: 'an unsupported Content-Type',
      op: api.create,
      path: api.collectionPath(sweepEndpoint),
      headers: { 'content-type': 'text/plain' },
      body,
    },
    {
      what: 'malformed JSON',
      op: api.create,
      path: api.collectionPath(sweepEndpoint),
      headers: { 'content-type': api.requestMediaType },
      body: '{',
    },
  ];
  for (const c of combos) {
    const ex = await ctx.request({
      method: c.op.method,
      path: c.path,
      ...(c.headers ? { headers: c.headers } : {}),
      ...(c.body !== undefined ? { body: c.body } : {}),
      operation: c.op,
    });
    if (!expectedFor(c.op, STATUS.notFound).includes(ex.status)) {
      out.push(
        ctx.violation(
          `${c.op.operationId} on an unknown id with ${c.what} answered ${ex.status}; the unknown id (404) comes first in the spec's order of checks`,
          ex,
        ),
      );
    }
  }
  return out;
}

/**
 * A path the document does not have is 404 before anything else, the API key check included (order of checks); a
 * trailing slash or an extra segment makes a different path (RFC 3986 §6.2.3 leaves that to the scheme owner, and
 * this document declares none).
 */
async function unknownPaths(u: UnknownIds): Promise<Violation[]> {
  const { ctx, sweepKey } = u;
  const { api } = ctx;
  const out: Violation[] = [];
  const notFound = api.list.responses.find((r) => r.status === String(STATUS.notFound));
  // Only under this resource's routes: the parent path (`/v2.0/endpoints/{id}`) may be another resource of the
  // same implementation (spec: Order of checks), as it is on the seed's own server.
  const paths = [`${api.itemPath(ctx.endpointId, sweepKey)}/x`, `${api.itemPath(ctx.endpointId, sweepKey)}/x/y`];
  for (const path of paths) {
    for (const auth of [true, false]) {
      const ex = await ctx.request({
        method: 'GET',
        path,
        auth,
        ...(notFound ? { responses: [notFound], coverageKey: 'unknown-path' } : {}),
      });
      if (ex.status !== STATUS.notFound)
        out.push(
          ctx.violation(
            `GET ${path}${auth ? '' : ' (no API key)'}: a path the document does not have answered ${ex.status}, expected 404`,
            ex,
          ),
        );
    }
  }
  return out;
}

/**
 * An empty last segment (`…/apikeys/`): the spec (Order of checks) lets it be an unknown path (404 with or without
 * the key) or the item route with an empty, so malformed, key id (401 without the key, then 400).
 */
async function emptyLastSegment({ ctx }: UnknownIds): Promise<Violation | undefined> {
  const { api } = ctx;
  const path = `${api.collectionPath(ctx.endpointId)}/`;
  const withKey = await ctx.request({ method: api.read.method, path, operation: api.read });
  const withoutKey = await ctx.request({ method: api.read.method, path, auth: false, operation: api.read });
  const unknownPath = withKey.status === STATUS.notFound && withoutKey.status === STATUS.notFound;
  const emptyId =
    expectedFor(api.read, STATUS.badRequest).includes(withKey.status) &&
    expectedFor(api.read, STATUS.unauthorized).includes(withoutKey.status);
  if (unknownPath || emptyId) return undefined;
  return ctx.violation(
    `GET ${path} answered ${withKey.status} with the API key and ${withoutKey.status} without; the spec allows 404 and 404 (an unknown path) or 400 and 401 (an empty ${api.keyParam.name})`,
    withKey.status === STATUS.notFound || emptyId ? withoutKey : withKey,
  );
}

/** Generated unknown Endpoint ids, on every operation: 404. */
function unknownEndpointProperty(u: UnknownIds): Promise<Violation | undefined> {
  const { ctx } = u;
  const { api } = ctx;
  return ctx.property(
    'unknown endpoint',
    fc.record({ op: fc.constantFrom(...api.operations), endpointId: u.otherEndpoint, keyId: u.key }),
    async ({ op, endpointId, keyId }) => {
      const ex = await onIds(u, op, endpointId, keyId);
      expectStatus(
        ex,
        expectedFor(op, STATUS.notFound),
        `${op.operationId} on unknown ${api.endpointParam.name} ${endpointId}`,
      );
    },
  );
}

/** Generated unknown key ids (not one this run created), on every item route: 404. */
function unknownKeyProperty(u: UnknownIds): Promise<Violation | undefined> {
  const { ctx } = u;
  const { api } = ctx;
  const knownKeys = () =>
    new Set(
      ctx
        .exchanges()
        .flatMap((ex) => (ex.operationId === api.create.operationId && ex.status < 300 ? [ex] : []))
        .map((ex) => ex.headers['location'] ?? ''),
    );
  const itemOps = api.operations.filter((o) => o.pathParamNames.includes(api.keyParam.name));
  return ctx.property(
    'unknown key',
    fc.record({ op: fc.constantFrom(...itemOps), keyId: u.key }),
    async ({ op, keyId }) => {
      if ([...knownKeys()].some((l) => l.endsWith(keyId))) return; // a key this run created: not unknown
      const ex = await ctx.request({ method: op.method, path: api.itemPath(ctx.endpointId, keyId), operation: op });
      expectStatus(ex, expectedFor(op, STATUS.notFound), `${op.operationId} on unknown ${api.keyParam.name} ${keyId}`);
    },
  );
}
