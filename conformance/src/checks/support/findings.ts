import type { Exchange } from '../../exchange.js';
import type { CheckContext, Violation } from '../../types.js';

/**
 * Faults found by reviewing many exchanges, grouped by a key so that one fault is reported once, with the first
 * exchange that shows it and a count of the responses that do.
 */
export class Findings {
  private readonly groups = new Map<string, { ex: Exchange; count: number; message: string }>();

  /** Counts one more response under `key`; the first one's exchange and message are the ones reported. */
  add(key: string, ex: Exchange, message: string): void {
    const prev = this.groups.get(key);
    if (prev) prev.count++;
    else this.groups.set(key, { ex, count: 1, message });
  }

  /** One violation per key, in the order the keys were first seen: `message (N responses)` when N > 1. */
  violations(ctx: CheckContext): Violation[] {
    return [...this.groups.values()].map(({ ex, count, message }) =>
      ctx.violation(count > 1 ? `${message} (${count} responses)` : message, ex),
    );
  }
}
