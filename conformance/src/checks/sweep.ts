import fc from 'fast-check';
import { allowedMethods, type Operation, type ResponseSpec } from '../../../contract/src/index.js';
import { pathOf } from '../api-model.js';
import { knownMethods, malformed, unacceptableHeader, wellFormed } from '../arbitraries.js';
import { authRequired } from './auth-required.js';
import { authWrongKey } from './auth-wrong-key.js';
import { bodyTooLarge } from './body-too-large.js';
import { methodNotAllowed } from './method-not-allowed.js';
import { negativeInputs } from './negative-inputs.js';
import { notAcceptable } from './not-acceptable.js';
import { unknownIds404 } from './unknown-ids-404.js';
import { METHOD_NOT_ALLOWED_KEY } from '../coverage.js';
import { bodyObject, type Exchange, type RequestSpec } from '../exchange.js';
import { STATUS } from '../statuses.js';
import type { Check, CheckContext } from '../types.js';

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

/** What the sweep's parts share: the run's context, the requests it builds and sends, the keys it created. */
interface SweepState {
  ctx: CheckContext;
  full: boolean;
  inProfile(check: Check): boolean;
  /** One value of an arbitrary, drawn with the run's seed. */
  sample<T>(arb: fc.Arbitrary<T>): T;
  /** Keys the sweep's requests created (on purpose or not), with the Endpoint they were created on. */
  created: { endpoint: string; id: string }[];
  requests: number;
  validBody: string;
}

/** The ids the error requests address: unknown ones (404), malformed ones (400), and a live key. */
interface SweepIds {
  liveId: string;
  unknownEndpoint: string;
  unknownKey: string;
  badEndpoint: string;
  badKey: string;
}

async function runSweep(ctx: CheckContext): Promise<SweepSummary> {
  const s: SweepState = {
    ctx,
    full: ctx.profile === 'full',
    inProfile: (check) => check.profiles.includes(ctx.profile),
    sample: (arb) => fc.sample(arb, { numRuns: 1, seed: ctx.seed })[0]!,
    created: [],
    requests: 0,
    validBody: JSON.stringify({ [ctx.api.nameField]: 'conformance sweep' }),
  };
  const { api, endpointId } = ctx;
  const liveId = await sweepSuccesses(s);
  const ids: SweepIds = {
    liveId,
    unknownEndpoint: s.sample(
      wellFormed(api.endpointParam).filter((id) => id !== endpointId && id !== ctx.otherEndpointId),
    ),
    unknownKey: s.sample(wellFormed(api.keyParam).filter((id) => !s.created.some((c) => c.id === id))),
    badEndpoint: s.sample(malformed(api.endpointParam)),
    badKey: s.sample(malformed(api.keyParam)),
  };
  const { errors, notProvoked } = documentedErrors(s, ids);
  errors.push(...undocumentedPath(s, ids), ...methodsNotAllowed(s, ids));
  await sendAll(s, errors);
  // Delete what was created (the documented 204), including keys a faulty server created where it should have refused.
  await sendAll(
    s,
    s.created.map(({ endpoint, id }) => request(s, api.remove, endpoint, id)),
  );
  return { requests: s.requests, notProvoked };
}

/** Sends one request as the sweep, remembering a key it created. */
async function send(s: SweepState, { endpoint, ...spec }: Sweeping): Promise<Exchange> {
  const { api, http } = s.ctx;
  const ex = await http.request(spec, SWEEP_ID);
  s.requests++;
  if (spec.operation === api.create && ex.status >= 200 && ex.status < 300) {
    const id = bodyObject(ex)?.[api.idField];
    if (typeof id === 'string' && !s.created.some((c) => c.id === id && c.endpoint === endpoint))
      s.created.push({ endpoint, id });
  }
  return ex;
}

/** Sends independent requests concurrently (the run's connection pool bounds them). */
function sendAll(s: SweepState, specs: readonly Sweeping[]): Promise<Exchange[]> {
  return Promise.all(specs.map((spec) => send(s, spec)));
}

/** The request addressing `op` on the given ids, with a valid body when it takes one. */
function request(
  s: SweepState,
  op: Operation,
  endpoint: string,
  keyId: string,
  extra: Partial<RequestSpec> = {},
): Sweeping {
  const { api } = s.ctx;
  const base: Pick<RequestSpec, 'headers' | 'body'> = op.requestBody
    ? { headers: { 'content-type': api.requestMediaType }, body: s.validBody }
    : {};
  return {
    method: op.method,
    path: pathOf(api, op, endpoint, keyId),
    ...base,
    ...extra,
    headers: { ...base.headers, ...extra.headers },
    operation: op,
    endpoint,
  };
}

const accepting = (accept: string | undefined): Partial<RequestSpec> =>
  accept === undefined ? {} : { headers: { accept } };

/**
 * Successes: every operation in every documented success media type, and without Accept (deletes come last, one
 * for every key the sweep created). Resolves to the id of a live key.
 */
async function sweepSuccesses(s: SweepState): Promise<string> {
  const { api, endpointId } = s.ctx;
  const [first] = await sendAll(
    s,
    [undefined, ...api.successMedia(api.create)].map((accept) =>
      request(s, api.create, endpointId, '', accepting(accept)),
    ),
  );
  const firstId = first && first.status >= 200 && first.status < 300 ? bodyObject(first)?.[api.idField] : undefined;
  const liveId = typeof firstId === 'string' ? firstId : (s.created[0]?.id ?? s.sample(wellFormed(api.keyParam)));
  await sendAll(
    s,
    api.operations
      .filter((o) => o !== api.create && o !== api.remove)
      .flatMap((op) =>
        [undefined, ...api.successMedia(op)].map((accept) => request(s, op, endpointId, liveId, accepting(accept))),
      ),
  );
  return liveId;
}

/** Errors: for each operation, every documented 4xx it can be driven to, and the ones it cannot. */
function documentedErrors(s: SweepState, ids: SweepIds): { errors: Sweeping[]; notProvoked: string[] } {
  const provokers = errorProvokers(s, ids);
  const notProvoked: string[] = [];
  const errors: Sweeping[] = [];
  for (const op of s.ctx.api.operations) {
    for (const r of op.responses) {
      const status = Number(r.status);
      if (!(status >= 400 && status < 500)) continue; // successes above; `default` documents a 5xx's shape only
      if (r.optional) continue; // x-optional (a 429): a server need never send it, so there is nothing to provoke
      const specs = provokers[status]?.(op) ?? [];
      if (specs.length === 0) notProvoked.push(`${op.operationId} ${r.status}`);
      errors.push(...specs);
    }
  }
  return { errors, notProvoked };
}

/** For each documented 4xx status, the requests that provoke it on an operation (none outside the profile). */
function errorProvokers(s: SweepState, ids: SweepIds): Record<number, (op: Operation) => Sweeping[]> {
  const { api, endpointId } = s.ctx;
  const { liveId, unknownEndpoint, unknownKey } = ids;
  const real = s.ctx.http.apiKey;
  const nearMiss = real.slice(0, -1) + nextChar(real.slice(-1));
  return {
    [STATUS.badRequest]: (op) => (s.inProfile(negativeInputs) ? badRequests(s, ids, op) : []),
    [STATUS.unauthorized]: (op) => [
      ...(op.security && s.inProfile(authRequired) ? [request(s, op, endpointId, liveId, { auth: false })] : []),
      // A near miss (the key with its last character changed): a 401 that quotes the key it was sent shows it.
      ...(op.security && s.inProfile(authWrongKey) && nearMiss !== real
        ? [request(s, op, endpointId, liveId, { auth: nearMiss })]
        : []),
    ],
    [STATUS.notFound]: (op) =>
      s.inProfile(unknownIds404)
        ? [
            request(s, op, unknownEndpoint, unknownKey),
            ...(op.pathParamNames.includes(api.keyParam.name) ? [request(s, op, endpointId, unknownKey)] : []),
          ]
        : [],
    [STATUS.notAcceptable]: (op) =>
      s.inProfile(notAcceptable) && api.successMedia(op).length > 0
        ? [
            request(s, op, endpointId, liveId, {
              headers: { accept: s.sample(unacceptableHeader(api.successMedia(op))) },
            }),
          ]
        : [],
    [STATUS.contentTooLarge]: (op) => {
      if (!op.requestBody || !s.inProfile(bodyTooLarge) || !Number.isFinite(op.requestBody.maxBytes)) return [];
      const wrapper = JSON.stringify({ [api.nameField]: '' });
      const body = `${wrapper.slice(0, -2)}${'a'.repeat(op.requestBody.maxBytes - Buffer.byteLength(wrapper) + 1)}"}`;
      return [request(s, op, endpointId, liveId, { body })];
    },
    [STATUS.unsupportedMediaType]: (op) => {
      if (!op.requestBody || !s.inProfile(negativeInputs)) return [];
      const documented = op.requestBody.content.map((c) => c.mediaType);
      const other = ['text/plain', 'application/xml', 'application/x-www-form-urlencoded'].find(
        (m) => !documented.includes(m),
      );
      return other ? [request(s, op, endpointId, liveId, { headers: { 'content-type': other } })] : [];
    },
  };
}

/** 400s of an operation: malformed path ids, malformed query values, a body the schema refuses, malformed JSON. */
function badRequests(s: SweepState, ids: SweepIds, op: Operation): Sweeping[] {
  const { api, endpointId } = s.ctx;
  const { liveId } = ids;
  const out = [request(s, op, ids.badEndpoint, liveId)];
  if (op.pathParamNames.includes(api.keyParam.name)) out.push(request(s, op, endpointId, ids.badKey));
  for (const q of op.parameters.filter((p) => p.in === 'query')) {
    const value = invalidQueryValue(q.resolvedSchema, (v) => q.validate(v), s.full);
    if (value !== undefined)
      out.push(
        request(s, op, endpointId, liveId, {
          path: `${pathOf(api, op, endpointId, liveId)}?${q.name}=${encodeURIComponent(value)}`,
        }),
      );
  }
  if (op.requestBody) {
    const refused = [{}, { [api.nameField]: '' }, { [api.nameField]: 1 }, []].find((b) => !api.validateCreateBody(b));
    if (refused !== undefined) out.push(request(s, op, endpointId, liveId, { body: JSON.stringify(refused) }));
    // A static mock answers malformed JSON with its own error: full profile only, as in negative-inputs.
    if (s.full) out.push(request(s, op, endpointId, liveId, { body: s.validBody.slice(0, -1) }));
  }
  return out;
}

/** A path the document does not have (an extra segment after an item path) is 404. */
function undocumentedPath(s: SweepState, ids: SweepIds): Sweeping[] {
  const { api, endpointId } = s.ctx;
  const readNotFound = api.read.responses.find((r) => r.status === String(STATUS.notFound));
  if (!s.inProfile(unknownIds404) || !readNotFound) return [];
  return [
    {
      method: api.read.method,
      path: `${api.itemPath(endpointId, ids.unknownKey)}/x`,
      responses: [readNotFound],
      coverageKey: 'unknown-path',
      endpoint: endpointId,
    },
  ];
}

/**
 * The document's 405, on every path, with a method the path does not declare: one the document says every
 * implementation recognises (x-method-not-allowed.recognisedMethods), else a common one.
 */
function methodsNotAllowed(s: SweepState, ids: SweepIds): Sweeping[] {
  const { api, contract, endpointId } = s.ctx;
  const mna: ResponseSpec | undefined = contract.methodNotAllowed;
  if (!mna || !s.inProfile(methodNotAllowed)) return [];
  const out: Sweeping[] = [];
  for (const [template, declared] of api.methodsByPath) {
    const allowed = allowedMethods(declared.map((method) => ({ method })));
    const method = [...contract.recognisedMethods, 'PUT', 'PATCH', 'POST', 'DELETE', 'GET', ...knownMethods].find(
      (m) => knownMethods.includes(m) && !allowed.includes(m),
    );
    if (!method) continue;
    const path =
      template === api.list.pathTemplate ? api.collectionPath(endpointId) : api.itemPath(endpointId, ids.liveId);
    out.push({ method, path, responses: [mna], coverageKey: METHOD_NOT_ALLOWED_KEY, endpoint: endpointId });
  }
  return out;
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
