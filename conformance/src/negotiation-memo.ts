import { negotiation, type NegotiationOutcome } from '../../contract/src/index.js';

/** Distinct (Accept, types) pairs kept; a run sees a few hundred, so the bound is only a guard against growth. */
const MAX_ENTRIES = 10_000;

const memo = new Map<string, NegotiationOutcome>();

/**
 * {@link negotiation}, remembered: it is a pure function of its arguments, and every response of a run asks it again
 * for the same few Accept values (each call reads the header under every allowed interpretation). Callers get a
 * copy, so one cannot change another's outcome.
 */
export function negotiationOf(accept: string | undefined, available: readonly string[]): NegotiationOutcome {
  const key = `${accept ?? '\u0000absent'}\u0000${available.join('\u0000')}`;
  let outcome = memo.get(key);
  if (outcome === undefined) {
    if (memo.size >= MAX_ENTRIES) memo.clear();
    outcome = negotiation(accept, available);
    memo.set(key, outcome);
  }
  return { types: [...outcome.types], notAcceptable: outcome.notAcceptable };
}
