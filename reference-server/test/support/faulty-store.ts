import { MemoryStore, type Store } from '../../src/index.js';

/** A store whose methods can be made to throw, to produce the spec's `default` (500) response. */
export class FaultyStore implements Store {
  readonly inner = new MemoryStore();
  /** Store methods that throw on their next call. */
  readonly failNext = new Set<keyof Store>();

  #maybeFail(method: keyof Store): void {
    if (this.failNext.delete(method)) throw new Error(`injected ${method} failure`);
  }
  ensureEndpoint(id: string) {
    return this.inner.ensureEndpoint(id);
  }
  async endpointExists(id: string) {
    this.#maybeFail('endpointExists');
    return this.inner.endpointExists(id);
  }
  async create(...a: Parameters<Store['create']>) {
    this.#maybeFail('create');
    return this.inner.create(...a);
  }
  async get(...a: Parameters<Store['get']>) {
    this.#maybeFail('get');
    return this.inner.get(...a);
  }
  async delete(...a: Parameters<Store['delete']>) {
    this.#maybeFail('delete');
    return this.inner.delete(...a);
  }
  async page(...a: Parameters<Store['page']>) {
    this.#maybeFail('page');
    return this.inner.page(...a);
  }
  async count(...a: Parameters<Store['count']>) {
    this.#maybeFail('count');
    return this.inner.count(...a);
  }
}
