/**
 * What the server keeps about one Endpoint API Key. There is no plaintext here by construction: the key exists
 * only in the 201 response body; the store holds its SHA-256 digest and its preview.
 */
export interface KeyRecord {
  _id: string;
  endpointId: string;
  name: string;
  keyPreview: string;
  /** Unix time in seconds. */
  createdAt: number;
  /** SHA-256 of the plaintext key, lowercase hex. */
  keyDigest: string;
}

/** A place in an Endpoint's ordered index: keys are ordered by `createdAt`, then `_id`. */
export interface Position {
  createdAt: number;
  _id: string;
}

/** Which page to read: the first `limit` keys, or the `limit` keys right after / right before a position. */
export type PageQuery = { limit: number } | { limit: number; after: Position } | { limit: number; before: Position };

/** One page, oldest first, and whether keys exist on either side of it. */
export interface Page {
  items: KeyRecord[];
  hasBefore: boolean;
  hasAfter: boolean;
}

/**
 * The storage the server needs. Every method is async so a durable implementation fits behind it.
 * `page` must cost O(log n + limit): implementations keep an ordered index, never scan by offset.
 */
export interface Store {
  /** Makes the Endpoint exist (idempotent). */
  ensureEndpoint(endpointId: string): Promise<void>;
  endpointExists(endpointId: string): Promise<boolean>;
  /** Adds a key to an existing Endpoint. `_id` is unique. */
  create(record: KeyRecord): Promise<void>;
  get(endpointId: string, id: string): Promise<KeyRecord | undefined>;
  /** Removes the key; false when it did not exist. */
  delete(endpointId: string, id: string): Promise<boolean>;
  page(endpointId: string, query: PageQuery): Promise<Page>;
  /** Number of keys of the Endpoint. */
  count(endpointId: string): Promise<number>;
}

/** Total order of the index: `createdAt`, then `_id`. */
export function comparePositions(a: Position, b: Position): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a._id < b._id ? -1 : a._id > b._id ? 1 : 0;
}
