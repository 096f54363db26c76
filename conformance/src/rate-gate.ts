import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces requests out to at most `perSecond` a second, across every caller of the run (checks, retries, cleanup),
 * however many are in flight. Callers pass one at a time; each goes at least 1000/perSecond ms after the previous one
 * actually went, so a late timer never lets a burst through.
 */
export class RateGate {
  private lastMs = -Infinity;
  private queue: Promise<void> = Promise.resolve();
  private readonly intervalMs: number;

  constructor(perSecond: number) {
    this.intervalMs = 1000 / perSecond;
  }

  /** Resolves when the caller may send; resolves at `deadlineAt` (epoch ms) at the latest. */
  pass(deadlineAt: number): Promise<void> {
    const turn = this.queue.then(async () => {
      const wait = Math.min(this.lastMs + this.intervalMs - performance.now(), deadlineAt - Date.now());
      if (wait > 0) await sleep(wait);
      this.lastMs = performance.now();
    });
    this.queue = turn;
    return turn;
  }
}
