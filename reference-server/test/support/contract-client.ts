import { request as undiciRequest } from 'undici';
import {
  checkResponse,
  negotiation,
  type ResponseCheck,
  type Contract,
  type ObservedResponse,
  type ResponseSpec,
} from '../../../contract/src/index.js';
import type { components } from '../../../spec/generated/openapi.js';
import type { RunningServer } from '../../src/index.js';

type Schemas = components['schemas'];

/**
 * A JSON body as tests read it: the fields of every JSON body this API sends (created key, key metadata, page,
 * problem, HAL links), typed by the generated schemas. The client has already checked the body against the schema of
 * its status; reading a field another status's body has gives undefined, as it would at run time.
 */
export type JsonBody = Schemas['EndpointApiKeyCreated'] &
  Omit<Schemas['EndpointApiKeyList'], 'items'> &
  Schemas['Problem'] & {
    items: Schemas['HalEndpointApiKeyMetadata'][];
    _links: Schemas['HalListLinks'];
  };

/** What the coverage test needs to know of each response. */
export interface Observation {
  /** The operation, or `(unknown path)` / `(method not allowed)` for the two answers that precede routing. */
  operationId: string;
  status: number;
  mediaType: string | undefined;
}

export interface ContractResponse extends ObservedResponse {
  operationId: string;
  check: ResponseCheck;
  /** The body as JSON (only for JSON media types). */
  json: JsonBody;
}

export interface RequestOptions {
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Send without the X-API-Key header the client adds by default. */
  anonymous?: boolean;
}

export const UNKNOWN_PATH = '(unknown path)';
export const METHOD_NOT_ALLOWED = '(method not allowed)';

/**
 * The only way tests talk to the server. Every response is routed to its operation through the contract and
 * checked by contract/src checkResponse (status documented, Content-Type as negotiated, documented headers present,
 * body valid for its media type, XML and CSV read back); any violation fails the test. Beyond the schema it
 * enforces the central promise: no response other than a 201 carries a plaintext key seen earlier, and no
 * response carries the X-API-Key value.
 */
export class ContractClient {
  readonly observations: Observation[] = [];
  readonly #plaintexts = new Set<string>();
  readonly #contract: Contract;
  readonly #server: Pick<RunningServer, 'url' | 'apiKey'>;

  constructor(server: Pick<RunningServer, 'url' | 'apiKey' | 'contract'>) {
    this.#server = server;
    this.#contract = server.contract;
  }

  /** Plaintext keys the client saw in 201 bodies. */
  get plaintexts(): ReadonlySet<string> {
    return this.#plaintexts;
  }

  /** Sends a request to `path` (relative to the server's URL, basePath included there). */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<ContractResponse> {
    const headers: Record<string, string | string[]> = { ...options.headers };
    if (
      !options.anonymous &&
      !Object.keys(headers).some((h) => h.toLowerCase() === this.#contract.apiKeyHeader.toLowerCase())
    ) {
      headers[this.#contract.apiKeyHeader] = this.#server.apiKey;
    }
    const res = await undiciRequest(`${this.#server.url}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
    const body = await res.body.text();
    return this.verify(method, path, headers, { status: res.statusCode, headers: res.headers, body });
  }

  /** Checks a response obtained some other way (a raw socket) exactly like {@link send} does. */
  verify(
    method: string,
    path: string,
    requestHeaders: Record<string, string | string[] | undefined>,
    observed: ObservedResponse,
  ): ContractResponse {
    const { operationId, responses, offered } = this.#routeOf(method, path);
    const accept = Object.entries(requestHeaders).find(([h]) => h.toLowerCase() === 'accept')?.[1];
    const judged = (observed.status >= 200 && observed.status < 300) || observed.status === 406;
    const allowed =
      judged && offered.length > 0 && method !== 'HEAD'
        ? negotiation(Array.isArray(accept) ? accept.join(', ') : accept, offered)
        : undefined;
    const check = checkResponse(this.#contract, responses, observed, allowed);
    // RFC 9110 §9.3.2: a response to HEAD has no content, so only its status and headers can be checked.
    const violations = check.violations.filter(
      (v) =>
        !(method === 'HEAD' && observed.body === '' && (v.code === 'BODY_UNDECODABLE' || v.code === 'BODY_INVALID')),
    );
    const wire = `${JSON.stringify(observed.headers)}\n${observed.body}`;
    if (wire.includes(this.#server.apiKey)) {
      violations.push({ code: 'BODY_INVALID', message: 'the response carries the X-API-Key value' });
    }
    if (observed.status !== 201) {
      for (const key of this.#plaintexts) {
        if (wire.includes(key))
          violations.push({ code: 'BODY_INVALID', message: 'a non-201 response carries a plaintext key' });
      }
    }
    if (violations.length > 0) {
      throw new Error(
        `${method} ${path} -> ${observed.status} breaks the contract (${operationId}):\n` +
          violations.map((v) => `  ${v.code}: ${v.message}`).join('\n') +
          `\n  body: ${observed.body.slice(0, 500)}`,
      );
    }
    if (observed.status === 201 && check.decoded) this.#rememberSecrets(check);
    this.observations.push({ operationId, status: observed.status, mediaType: check.mediaType });
    // Checked against its schema above; undefined for the XML and CSV representations.
    const json = (check.decoded?.representation === 'json' ? check.decoded.value : undefined) as JsonBody;
    return { ...observed, operationId, check, json };
  }

  #rememberSecrets(check: ResponseCheck): void {
    const decoded = check.decoded!;
    const objects = decoded.representation === 'csv' ? decoded.rows : [decoded.value as Record<string, unknown>];
    for (const o of objects) {
      for (const field of this.#contract.secretFields) {
        const v = o[field];
        if (typeof v === 'string') this.#plaintexts.add(v);
      }
    }
  }

  #routeOf(method: string, path: string): { operationId: string; responses: ResponseSpec[]; offered: string[] } {
    const bare = path.split('?')[0]!;
    for (const ops of this.#contract.pathsByTemplate().values()) {
      if (!ops[0]!.pathRegex.test(bare)) continue;
      const m = method.toUpperCase();
      // HEAD is answered as GET without content (spec: x-method-not-allowed; RFC 9110 §9.3.2).
      const op = ops.find((o) => o.method === m) ?? (m === 'HEAD' ? ops.find((o) => o.method === 'GET') : undefined);
      if (!op) return { operationId: METHOD_NOT_ALLOWED, responses: [this.#contract.methodNotAllowed!], offered: [] };
      const offered = [
        ...new Set(
          op.responses.filter((r) => r.status.startsWith('2')).flatMap((r) => r.content.map((c) => c.mediaType)),
        ),
      ];
      return { operationId: op.operationId, responses: op.responses, offered };
    }
    // Before routing there is no operation: the answer must be the documented 404 (the same for every operation).
    const notFound = this.#contract.operations.map((o) => o.responses.find((r) => r.status === '404')).find((r) => r);
    return { operationId: UNKNOWN_PATH, responses: notFound ? [notFound] : [], offered: [] };
  }
}
