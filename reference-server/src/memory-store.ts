import { comparePositions, type KeyRecord, type Page, type PageQuery, type Position, type Store } from './store.js';

interface EndpointIndex {
  /** The Endpoint's id, one string shared by all its records. */
  endpointId: string;
  /** Sorted by (createdAt, _id). Ids generated to increase with time make inserts appends. */
  ordered: KeyRecord[];
  byId: Map<string, KeyRecord>;
}

/** First index whose record is not before `pos` (lower bound), by binary search. */
function lowerBound(ordered: readonly KeyRecord[], pos: Position): number {
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePositions(ordered[mid]!, pos) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The result of `run` as a settled promise: its value, or its exception as a rejection (as an async function gives). */
function settle<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

/** The default store: in memory, per Endpoint a sorted array (binary search) plus a map by id. */
export class MemoryStore implements Store {
  readonly #endpoints = new Map<string, EndpointIndex>();

  ensureEndpoint(endpointId: string): Promise<void> {
    return settle(() => {
      if (!this.#endpoints.has(endpointId))
        this.#endpoints.set(endpointId, { endpointId, ordered: [], byId: new Map() });
    });
  }

  endpointExists(endpointId: string): Promise<boolean> {
    return settle(() => this.#endpoints.has(endpointId));
  }

  create(record: KeyRecord): Promise<void> {
    return settle(() => {
      const index = this.#index(record.endpointId);
      if (index.byId.has(record._id)) throw new Error(`duplicate _id ${record._id}`);
      // Each request's endpointId is a string of its own; 200,000 keys would keep 200,000 copies of the same id.
      const copy = { ...record, endpointId: index.endpointId };
      const last = index.ordered[index.ordered.length - 1];
      // Ids that grow with time make almost every insert an append: one comparison instead of a binary search.
      if (!last || comparePositions(last, copy) < 0) index.ordered.push(copy);
      else index.ordered.splice(lowerBound(index.ordered, copy), 0, copy);
      index.byId.set(copy._id, copy);
    });
  }

  get(endpointId: string, id: string): Promise<KeyRecord | undefined> {
    return settle(() => {
      const record = this.#endpoints.get(endpointId)?.byId.get(id);
      return record ? { ...record } : undefined;
    });
  }

  delete(endpointId: string, id: string): Promise<boolean> {
    return settle(() => {
      const index = this.#endpoints.get(endpointId);
      const record = index?.byId.get(id);
      if (!index || !record) return false;
      index.ordered.splice(lowerBound(index.ordered, record), 1);
      index.byId.delete(id);
      return true;
    });
  }

  page(endpointId: string, query: PageQuery): Promise<Page> {
    return settle(() => {
      const ordered = this.#index(endpointId).ordered;
      let start: number;
      let end: number;
      if ('before' in query) {
        end = lowerBound(ordered, query.before);
        start = Math.max(0, end - query.limit);
      } else {
        if ('after' in query) {
          start = lowerBound(ordered, query.after);
          if (start < ordered.length && comparePositions(ordered[start]!, query.after) === 0) start += 1;
        } else {
          start = 0;
        }
        end = Math.min(ordered.length, start + query.limit);
      }
      return {
        items: ordered.slice(start, end).map((r) => ({ ...r })),
        hasBefore: start > 0,
        hasAfter: end < ordered.length,
      };
    });
  }

  count(endpointId: string): Promise<number> {
    return settle(() => this.#index(endpointId).ordered.length);
  }

  /** Every record of every Endpoint, for inspection in tests. */
  dump(): KeyRecord[] {
    return [...this.#endpoints.values()].flatMap((i) => i.ordered.map((r) => ({ ...r })));
  }

  #index(endpointId: string): EndpointIndex {
    const index = this.#endpoints.get(endpointId);
    if (!index) throw new Error(`unknown Endpoint ${endpointId}`);
    return index;
  }
}
