import type { Contract } from '../../contract/src/index.js';
import type { ApiModel } from './api-model.js';
import { Coverage } from './coverage.js';
import { runDispatcher } from './dispatcher.js';
import { ConformanceError } from './errors.js';
import type { ExtraHeader } from './extra-header.js';
import { entitiesOf, type Exchange, type RequestSpec } from './exchange.js';
import { Limiter } from './limiter.js';
import { LimitedHttpClient } from './limited-http-client.js';
import { RateGate } from './rate-gate.js';
import type { ResolvedTarget } from './resolve-target.js';
import type { RunSettings } from './run-settings.js';
import { SecretTracker } from './secret-tracker.js';

/** Errors of a connection that was never established: the target is not there (or not through this proxy). */
const CONNECT_FAILURE =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|EADDRNOTAVAIL|UND_ERR_CONNECT_TIMEOUT)$/;
/** Errors of a TLS handshake: an untrusted or mismatched certificate, or a peer that does not speak TLS. */
const TLS_FAILURE = /^(ERR_TLS_|ERR_SSL_|EPROTO$)|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

/** Parallel deletions when cleaning up. */
const DELETE_WORKERS = 8;

/**
 * What every check of a run shares: the HTTP client, the secrets seen, the coverage, and the ledger of keys created
 * (so the run can delete the live ones).
 */
export class RunSession {
  readonly secrets = new SecretTracker();
  readonly coverage: Coverage;
  readonly http: LimitedHttpClient;
  /** Created key id -> still live (not yet seen deleted). */
  private readonly createdIds = new Map<string, boolean>();

  constructor(
    readonly contract: Contract,
    readonly api: ApiModel,
    readonly target: ResolvedTarget,
    settings: RunSettings & {
      /** Checks whose requests are not held to `--concurrency` (see {@link LimitedHttpClient}). */
      unboundedCheckIds?: ReadonlySet<string>;
    },
    extraHeaders: readonly ExtraHeader[],
    startedAtMs: number,
  ) {
    this.coverage = new Coverage(contract);
    const { secrets, coverage } = this;
    const { timeoutMs, maxResponseBytes, rate, maxRetries, maxRetryWaitSeconds, maxTimeSeconds, ca, concurrency } =
      settings;
    // Enough connections that the bound, not the pool, is what holds requests back.
    const connections = Math.max(20, concurrency);
    const options = {
      target: target.url,
      apiKey: target.apiKey,
      contract,
      coverage,
      secrets,
      timeoutMs,
      maxResponseBytes,
      // A target the run started itself is its own, on loopback: never sent through the environment's proxy.
      transport: runDispatcher({ timeoutMs, connections, ca: ca?.pem, environmentProxy: !target.started }),
      ca: ca?.pem,
      extraHeaders,
      rate: rate === undefined ? undefined : new RateGate(rate),
      retry: { maxRetries, maxWaitMs: maxRetryWaitSeconds * 1000 },
      deadlineAt: startedAtMs + maxTimeSeconds * 1000,
      maxTimeSeconds,
    };
    this.http = new LimitedHttpClient(options, new Limiter(concurrency), settings.unboundedCheckIds ?? new Set());
  }

  /** The ids of the keys an exchange created (none unless it is a successful create). */
  createdBy(spec: RequestSpec, ex: Exchange): string[] {
    const { api } = this;
    if (spec.operation !== api.create || ex.status < 200 || ex.status >= 300) return [];
    return entitiesOf(ex).flatMap((e) => {
      const id = e[api.idField];
      return typeof id === 'string' ? [id] : [];
    });
  }

  /** Sends a request as `checkId`, keeping the ledger of created and deleted keys. */
  async send(spec: RequestSpec, checkId: string): Promise<Exchange> {
    const { api } = this;
    const ex = await this.http.request(spec, checkId);
    for (const id of this.createdBy(spec, ex)) this.createdIds.set(id, true);
    if (spec.operation === api.remove && (ex.status === 204 || ex.status === 404)) {
      const id = decodeURIComponent(spec.path.split('?')[0]?.split('/').pop() ?? '');
      if (this.createdIds.has(id)) this.createdIds.set(id, false);
    }
    return ex;
  }

  /** Whether a key the run created has not been seen deleted. */
  isLive(id: string): boolean {
    return this.createdIds.get(id) === true;
  }

  /** Every created key not yet seen deleted. */
  liveIds(): string[] {
    return [...this.createdIds].filter(([, live]) => live).map(([id]) => id);
  }

  /** Deletes keys, a few at a time, as `checkId`. */
  async deleteIds(ids: readonly string[], checkId: string): Promise<void> {
    const { api, target } = this;
    const queue = [...ids];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const path = api.itemPath(target.endpointId, id);
        await this.send({ method: api.remove.method, path, operation: api.remove }, checkId);
      }
    };
    await Promise.all(Array.from({ length: DELETE_WORKERS }, worker));
  }

  /**
   * Lists the keys once. Rejects when the target cannot be reached at all (a misconfiguration: wrong host or port,
   * refused or timed-out connection, a proxy that refuses the tunnel, TLS that fails): `TARGET_TLS_FAILED` for TLS,
   * else `TARGET_UNREACHABLE`. A target that accepts the connection but gives no usable answer is hostile, not
   * unreachable: the exchange is returned, and the run reports it.
   */
  async preflight(): Promise<Exchange> {
    const { api, target } = this;
    const path = api.collectionPath(target.endpointId);
    const ex = await this.http.request({ method: api.list.method, path, operation: api.list }, 'preflight');
    if (ex.status !== 0) return ex;
    const code = ex.errorCode ?? '';
    const what = `target ${target.url.href}`;
    if (TLS_FAILURE.test(code))
      throw new ConformanceError(
        'TARGET_TLS_FAILED',
        `${what}: TLS failed: ${ex.error ?? code} (an https target whose certificate is not signed by a CA Node trusts needs --ca FILE)`,
      );
    if (CONNECT_FAILURE.test(code) || /^Proxy /.test(ex.error?.replace(/^[A-Z_]+: /, '') ?? ''))
      throw new ConformanceError('TARGET_UNREACHABLE', `${what} is unreachable: ${ex.error ?? 'no connection'}`);
    return ex;
  }

  /** Closes the client and stops a target the run started. */
  async close(): Promise<void> {
    await this.http.close();
    await this.target.started?.close();
  }
}
