/**
 * Runs tasks at most `limit` at a time, first come first served: a task waits for a free slot in the order it asked
 * for one, so work queued in a fixed order also starts in that order.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  /** Runs `task` once a slot is free; the slot is released when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so no later caller can take it first.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
