import type { Contract } from '../../contract/src/index.js';
import type { ApiModel } from './api-model.js';
import { Coverage } from './coverage.js';
import { ConformanceError } from './errors.js';
import { entitiesOf, type Exchange, type RequestSpec } from './http-client.js';
import { Limiter } from './limiter.js';
import { LimitedHttpClient } from './limited-http-client.js';
import type { ResolvedTarget } from './resolve-target.js';
import { SecretTracker } from './secret-tracker.js';

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
    limits: {
      timeoutMs: number;
      maxResponseBytes: number;
      /** Requests in flight at most (`--concurrency`). */
      concurrency: number;
      /** Checks whose requests are not held to it (see {@link LimitedHttpClient}). */
      unboundedCheckIds?: ReadonlySet<string>;
    },
  ) {
    this.coverage = new Coverage(contract);
    const { secrets, coverage } = this;
    const { timeoutMs, maxResponseBytes, concurrency } = limits;
    const options = {
      target: target.url,
      apiKey: target.apiKey,
      contract,
      coverage,
      secrets,
      timeoutMs,
      maxResponseBytes,
    };
    // Enough connections that the bound, not the pool, is what holds requests back.
    const connections = Math.max(20, concurrency);
    const limiter = new Limiter(concurrency);
    this.http = new LimitedHttpClient({ ...options, connections }, limiter, limits.unboundedCheckIds ?? new Set());
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

  /** Lists the keys once; rejects with `TARGET_UNREACHABLE` when no response arrives. */
  async preflight(): Promise<void> {
    const { api, target } = this;
    const path = api.collectionPath(target.endpointId);
    const ex = await this.http.request({ method: api.list.method, path, operation: api.list }, 'preflight');
    if (ex.status === 0)
      throw new ConformanceError(
        'TARGET_UNREACHABLE',
        `target ${target.url.href} is unreachable: ${ex.error ?? 'no response'}`,
      );
  }

  /** Closes the client and stops a target the run started. */
  async close(): Promise<void> {
    await this.http.close();
    await this.target.started?.close();
  }
}
