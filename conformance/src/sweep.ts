import fc from 'fast-check';
import { allowedMethods, type Operation, type ResponseSpec } from '../../contract/src/index.js';
import { pathOf } from './api-model.js';
import { knownMethods, malformed, unacceptableHeader, wellFormed } from './arbitraries.js';
import { authRequired } from './checks/auth-required.js';
import { authWrongKey } from './checks/auth-wrong-key.js';
import { bodyTooLarge } from './checks/body-too-large.js';
import { methodNotAllowed } from './checks/method-not-allowed.js';
import { negativeInputs } from './checks/negative-inputs.js';
import { notAcceptable } from './checks/not-acceptable.js';
import { unknownIds404 } from './checks/unknown-ids-404.js';
import { METHOD_NOT_ALLOWED_KEY } from './coverage.js';
import { bodyObject, type Exchange, type RequestSpec } from './http-client.js';
import { STATUS } from './statuses.js';
import type { Check, CheckContext } from './types.js';

/** Check id the sweep's exchanges are recorded under. */
export const SWEEP_ID = 'sweep';

/** What the sweep sent, for notes. */
export interface SweepSummary {
  /** Requests the sweep sent. */
  requests: number;
  /** Documented responses (`operationId status`) the sweep has no way to provoke, or whose provoking request the profile leaves out. */
  notProvoked: string[];
}

/** A request of the sweep, with the Endpoint it addresses (to delete a key it creates there). */
type Sweeping = RequestSpec & { endpoint: string };

/** One sweep per run: keyed by the run's HTTP client, which lives exactly as long as the run. */
const sweeps = new WeakMap<CheckContext['http'], Promise<SweepSummary>>();

/**
 * The run's sweep: one request for every documented response the kit can provoke, so a check that audits the whole
 * run (http-contract, key-once-only, never-5xx, no-store, timestamp-range) has the traffic its rule needs even when
 * it runs alone (`--only`), and gives the same verdict as in a full run. Runs once per run, whichever check asks
 * first; later calls wait for the same sweep. Its exchanges are recorded under the check id `sweep`.
 *
 * Everything is derived from the document: every operation in every documented success media type (and without
 * Accept), then for every documented 4xx status of every operation the requests that provoke it (400: malformed
 * path ids, malformed query parameters, a body the schema refuses, malformed JSON; 401: no API key, and a near miss
 * of it, so a 401 that echoes the key shows; 404: unknown Endpoint, unknown key, a path the document does not have;
 * 405: a method the path does not declare; 406: an Accept that excludes every documented type; 413: a body over
 * `x-max-body-bytes`; 415: a Content-Type the request body does not document). A request is sent only when the
 * profile includes the check whose rule it exercises (and, like those checks, the full-profile-only variants only
 * in the full profile), so the stateless profile sends nothing a static mock is not held to. Every key it creates
 * (on purpose, or by a server that should have refused) is deleted before it ends.
 */
export function sweep(ctx: CheckContext): Promise<SweepSummary> {
  let p = sweeps.get(ctx.http);
  if (!p) {
    p = runSweep(ctx);
    sweeps.set(ctx.http, p);
  }
  return p;
}

async function runSweep(ctx: CheckContext): Promise<SweepSummary> {
  const { api, contract, endpointId } = ctx;
  const full = ctx.profile === 'full';
  const inProfile = (check: Check) => check.profiles.includes(ctx.profile);
  const sample = <T>(arb: fc.Arbitrary<T>): T => fc.sample(arb, { numRuns: 1, seed: ctx.seed })[0]!;
  let requests = 0;
  /** Keys the sweep's requests created (on purpose or not), with the Endpoint they were created on. */
  const created: { endpoint: string; id: string }[] = [];

  const send = async ({ endpoint, ...spec }: Sweeping): Promise<Exchange> => {
    const ex = await ctx.http.request(spec, SWEEP_ID);
    requests++;
    if (spec.operation === api.create && ex.status >= 200 && ex.status < 300) {
      const id = bodyObject(ex)?.[api.idField];
      if (typeof id === 'string' && !created.some((c) => c.id === id && c.endpoint === endpoint))
        created.push({ endpoint, id });
    }
    return ex;
  };

  const validBody = JSON.stringify({ [api.nameField]: 'conformance sweep' });
  const bodyOf = (op: Operation): Pick<RequestSpec, 'headers' | 'body'> =>
    op.requestBody ? { headers: { 'content-type': api.requestMediaType }, body: validBody } : {};
  /** The request addressing `op` on the given ids, with a valid body when it takes one. */
  const request = (op: Operation, endpoint: string, keyId: string, extra: Partial<RequestSpec> = {}): Sweeping => {
    const base = bodyOf(op);
    return {
      method: op.method,
      path: pathOf(api, op, endpoint, keyId),
      ...base,
      ...extra,
      headers: { ...base.headers, ...extra.headers },
      operation: op,
      endpoint,
    };
  };

  /** Sends independent requests concurrently (the run's connection pool bounds them). */
  const sendAll = (specs: readonly Sweeping[]) => Promise.all(specs.map(send));
  const accepting = (accept: string | undefined): Partial<RequestSpec> =>
    accept === undefined ? {} : { headers: { accept } };

  // Successes: every operation in every documented success media type, and without Accept (deletes come last, one
  // for every key the sweep created).
  const [first] = await sendAll(
    [undefined, ...api.successMedia(api.create)].map((accept) =>
      request(api.create, endpointId, '', accepting(accept)),
    ),
  );
  const firstId = first && first.status >= 200 && first.status < 300 ? bodyObject(first)?.[api.idField] : undefined;
  const liveId = typeof firstId === 'string' ? firstId : (created[0]?.id ?? sample(wellFormed(api.keyParam)));
  await sendAll(
    api.operations
      .filter((o) => o !== api.create && o !== api.remove)
      .flatMap((op) =>
        [undefined, ...api.successMedia(op)].map((accept) => request(op, endpointId, liveId, accepting(accept))),
      ),
  );

  // Errors: for each operation, every documented 4xx it can be driven to.
  const unknownEndpoint = sample(
    wellFormed(api.endpointParam).filter((id) => id !== endpointId && id !== ctx.otherEndpointId),
  );
  const unknownKey = sample(wellFormed(api.keyParam).filter((id) => !created.some((c) => c.id === id)));
  const badEndpoint = sample(malformed(api.endpointParam));
  const badKey = sample(malformed(api.keyParam));
  const real = ctx.http.apiKey;
  const nearMiss = real.slice(0, -1) + nextChar(real.slice(-1));
  const provokers: Record<number, (op: Operation) => Sweeping[]> = {
    [STATUS.badRequest]: (op) => {
      if (!inProfile(negativeInputs)) return [];
      const out = [request(op, badEndpoint, liveId)];
      if (op.pathParamNames.includes(api.keyParam.name)) out.push(request(op, endpointId, badKey));
      for (const q of op.parameters.filter((p) => p.in === 'query')) {
        const value = invalidQueryValue(q.resolvedSchema, (v) => q.validate(v) as boolean, full);
        if (value !== undefined)
          out.push(
            request(op, endpointId, liveId, {
              path: `${pathOf(api, op, endpointId, liveId)}?${q.name}=${encodeURIComponent(value)}`,
            }),
          );
      }
      if (op.requestBody) {
        const refused = [{}, { [api.nameField]: '' }, { [api.nameField]: 1 }, []].find(
          (b) => !api.validateCreateBody(b),
        );
        if (refused !== undefined) out.push(request(op, endpointId, liveId, { body: JSON.stringify(refused) }));
        // A static mock answers malformed JSON with its own error: full profile only, as in negative-inputs.
        if (full) out.push(request(op, endpointId, liveId, { body: validBody.slice(0, -1) }));
      }
      return out;
    },
    [STATUS.unauthorized]: (op) => [
      ...(op.security && inProfile(authRequired) ? [request(op, endpointId, liveId, { auth: false })] : []),
      // A near miss (the key with its last character changed): a 401 that quotes the key it was sent shows it.
      ...(op.security && inProfile(authWrongKey) && nearMiss !== real
        ? [request(op, endpointId, liveId, { auth: nearMiss })]
        : []),
    ],
    [STATUS.notFound]: (op) =>
      inProfile(unknownIds404)
        ? [
            request(op, unknownEndpoint, unknownKey),
            ...(op.pathParamNames.includes(api.keyParam.name) ? [request(op, endpointId, unknownKey)] : []),
          ]
        : [],
    [STATUS.notAcceptable]: (op) =>
      inProfile(notAcceptable) && api.successMedia(op).length > 0
        ? [request(op, endpointId, liveId, { headers: { accept: sample(unacceptableHeader(api.successMedia(op))) } })]
        : [],
    [STATUS.contentTooLarge]: (op) => {
      if (!op.requestBody || !inProfile(bodyTooLarge) || !Number.isFinite(op.requestBody.maxBytes)) return [];
      const wrapper = JSON.stringify({ [api.nameField]: '' });
      const body = `${wrapper.slice(0, -2)}${'a'.repeat(op.requestBody.maxBytes - Buffer.byteLength(wrapper) + 1)}"}`;
      return [request(op, endpointId, liveId, { body })];
    },
    [STATUS.unsupportedMediaType]: (op) => {
      if (!op.requestBody || !inProfile(negativeInputs)) return [];
      const documented = op.requestBody.content.map((c) => c.mediaType);
      const other = ['text/plain', 'application/xml', 'application/x-www-form-urlencoded'].find(
        (m) => !documented.includes(m),
      );
      return other ? [request(op, endpointId, liveId, { headers: { 'content-type': other } })] : [];
    },
  };
  const notProvoked: string[] = [];
  const errors: Sweeping[] = [];
  for (const op of api.operations) {
    for (const r of op.responses) {
      const status = Number(r.status);
      if (!(status >= 400 && status < 500)) continue; // successes above; `default` documents a 5xx's shape only
      const specs = provokers[status]?.(op) ?? [];
      if (specs.length === 0) notProvoked.push(`${op.operationId} ${r.status}`);
      errors.push(...specs);
    }
  }
  // A path the document does not have (an extra segment after an item path) is 404.
  const readNotFound = api.read.responses.find((r) => r.status === String(STATUS.notFound));
  if (inProfile(unknownIds404) && readNotFound) {
    errors.push({
      method: api.read.method,
      path: `${api.itemPath(endpointId, unknownKey)}/x`,
      responses: [readNotFound],
      coverageKey: 'unknown-path',
      endpoint: endpointId,
    });
  }
  // The document's 405, on every path, with a method the path does not declare: one the document says every
  // implementation recognises (x-method-not-allowed.recognisedMethods), else a common one.
  const mna: ResponseSpec | undefined = contract.methodNotAllowed;
  if (mna && inProfile(methodNotAllowed)) {
    for (const [template, declared] of api.methodsByPath) {
      const allowed = allowedMethods(declared.map((method) => ({ method })));
      const method = [...contract.recognisedMethods, 'PUT', 'PATCH', 'POST', 'DELETE', 'GET', ...knownMethods].find(
        (m) => knownMethods.includes(m) && !allowed.includes(m),
      );
      if (!method) continue;
      const path =
        template === api.list.pathTemplate ? api.collectionPath(endpointId) : api.itemPath(endpointId, liveId);
      errors.push({ method, path, responses: [mna], coverageKey: METHOD_NOT_ALLOWED_KEY, endpoint: endpointId });
    }
  }
  await sendAll(errors);

  // Delete what was created (the documented 204), including keys a faulty server created where it should have refused.
  await sendAll(created.map(({ endpoint, id }) => request(api.remove, endpoint, id)));
  return { requests, notProvoked };
}

/** A different character of the same kind (digit, lower case, upper case), so a near miss keeps the key's shape. */
function nextChar(c: string): string {
  if (/[0-8a-yA-Y]/.test(c)) return String.fromCharCode(c.charCodeAt(0) + 1);
  if (c === '9') return '0';
  if (c === 'z') return 'a';
  if (c === 'Z') return 'A';
  return c === 'x' ? 'y' : 'x';
}

/**
 * A value the query parameter's schema refuses: out of an integer's bounds, not a number, or not matching a
 * string's pattern, first that the schema refuses. Blank values only in the full profile (a static mock takes them
 * as absent).
 */
function invalidQueryValue(
  schema: Record<string, unknown>,
  validate: (v: unknown) => boolean,
  full: boolean,
): string | undefined {
  const candidates: string[] = [];
  if (typeof schema['minimum'] === 'number') candidates.push(String(schema['minimum'] - 1));
  if (typeof schema['maximum'] === 'number') candidates.push(String(schema['maximum'] + 1));
  candidates.push('abc', '!', '~~', ...(full ? [''] : []));
  const asSent = (s: string): unknown =>
    (schema['type'] === 'integer' || schema['type'] === 'number') && s.trim() !== '' && !Number.isNaN(Number(s))
      ? Number(s)
      : s;
  return candidates.find((s) => !validate(asSent(s)));
}
