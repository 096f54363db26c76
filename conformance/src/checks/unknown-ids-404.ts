import fc from 'fast-check';
import { pathOf } from '../api-model.js';
import { wellFormed } from '../arbitraries.js';
import { expectStatus } from '../expect.js';
import { expectedFor, STATUS } from '../statuses.js';
import type { Check, Violation } from '../types.js';

/** Well-formed ids of no Endpoint or no key get 404 on every operation. */
export const unknownIds404: Check = {
  id: 'unknown-ids-404',
  title: 'Well-formed unknown Endpoint and key ids get 404',
  rule: '#/components/responses/NotFound',
  profiles: ['full'],
  async run(ctx): Promise<Violation[]> {
    const { api } = ctx;
    const out: Violation[] = [];
    const knownKeys = () =>
      new Set(
        ctx
          .exchanges()
          .flatMap((ex) => (ex.operationId === api.create.operationId && ex.status < 300 ? [ex] : []))
          .map((ex) => ex.headers['location'] ?? ''),
      );
    const otherEndpoint = wellFormed(api.endpointParam).filter(
      (id) => id !== ctx.endpointId && id !== ctx.otherEndpointId,
    );
    const key = wellFormed(api.keyParam);
    const body = JSON.stringify({ [api.nameField]: 'conformance unknown-ids-404' });
    // Every operation once, whatever the number of runs, then generated ids.
    const sweepEndpoint = fc.sample(otherEndpoint, { numRuns: 1, seed: ctx.seed })[0]!;
    const sweepKey = fc.sample(key, { numRuns: 1, seed: ctx.seed })[0]!;
    for (const op of api.operations) {
      const ex = await ctx.request({
        method: op.method,
        path: pathOf(api, op, sweepEndpoint, sweepKey),
        ...(op.requestBody ? { headers: { 'content-type': api.requestMediaType }, body } : {}),
        operation: op,
      });
      if (!expectedFor(op, STATUS.notFound).includes(ex.status))
        out.push(
          ctx.violation(
            `${op.operationId} on unknown ${api.endpointParam.name} ${sweepEndpoint}: expected 404, got ${ex.status}`,
            ex,
          ),
        );
    }
    // The spec's order of checks puts an unknown Endpoint or key (404) before a malformed query, an unacceptable
    // Accept, the body's media type and the body itself: those must not turn the 404 into 400/406/415.
    const limitName = api.limitParam?.name;
    const badLimit = api.limitParam ? String(Number(api.limitParam.resolvedSchema['minimum'] ?? 1) - 1) : undefined;
    const combos: {
      what: string;
      op: typeof api.read;
      path: string;
      headers?: Record<string, string>;
      body?: string;
    }[] = [
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
    // A path the document does not have is 404 before anything else, the API key check included (order of
    // checks); a trailing slash or an extra segment makes a different path (RFC 3986 §6.2.3 leaves that to the scheme
    // owner, and this document declares none).
    const notFound = api.list.responses.find((r) => r.status === String(STATUS.notFound));
    const collection = api.collectionPath(ctx.endpointId);
    // Only under this resource's routes: the parent path (`/v2.0/endpoints/{id}`) may be another resource of the
    // same implementation (spec: Order of checks), as it is on the seed's own server.
    const unknownPaths = [
      `${api.itemPath(ctx.endpointId, sweepKey)}/x`,
      `${api.itemPath(ctx.endpointId, sweepKey)}/x/y`,
    ];
    for (const path of unknownPaths) {
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
    // An empty last segment (`…/apikeys/`): the spec (Order of checks) lets it be an unknown path (404 with or without
    // the key) or the item route with an empty, so malformed, key id (401 without the key, then 400).
    {
      const path = `${collection}/`;
      const withKey = await ctx.request({ method: api.read.method, path, operation: api.read });
      const withoutKey = await ctx.request({ method: api.read.method, path, auth: false, operation: api.read });
      const unknownPath = withKey.status === STATUS.notFound && withoutKey.status === STATUS.notFound;
      const emptyId =
        expectedFor(api.read, STATUS.badRequest).includes(withKey.status) &&
        expectedFor(api.read, STATUS.unauthorized).includes(withoutKey.status);
      if (!unknownPath && !emptyId) {
        out.push(
          ctx.violation(
            `GET ${path} answered ${withKey.status} with the API key and ${withoutKey.status} without; the spec allows 404 and 404 (an unknown path) or 400 and 401 (an empty ${api.keyParam.name})`,
            withKey.status === STATUS.notFound || emptyId ? withoutKey : withKey,
          ),
        );
      }
    }
    const v1 = await ctx.property(
      'unknown endpoint',
      fc.record({ op: fc.constantFrom(...api.operations), endpointId: otherEndpoint, keyId: key }),
      async ({ op, endpointId, keyId }) => {
        const ex = await ctx.request({
          method: op.method,
          path: pathOf(api, op, endpointId, keyId),
          ...(op.requestBody ? { headers: { 'content-type': api.requestMediaType }, body } : {}),
          operation: op,
        });
        expectStatus(
          ex,
          expectedFor(op, STATUS.notFound),
          `${op.operationId} on unknown ${api.endpointParam.name} ${endpointId}`,
        );
      },
    );
    if (v1) out.push(v1);
    const itemOps = api.operations.filter((o) => o.pathParamNames.includes(api.keyParam.name));
    const v2 = await ctx.property(
      'unknown key',
      fc.record({ op: fc.constantFrom(...itemOps), keyId: key }),
      async ({ op, keyId }) => {
        if ([...knownKeys()].some((l) => l.endsWith(keyId))) return; // a key this run created: not unknown
        const ex = await ctx.request({ method: op.method, path: api.itemPath(ctx.endpointId, keyId), operation: op });
        expectStatus(
          ex,
          expectedFor(op, STATUS.notFound),
          `${op.operationId} on unknown ${api.keyParam.name} ${keyId}`,
        );
      },
    );
    if (v2) out.push(v2);
    return out;
  },
};
