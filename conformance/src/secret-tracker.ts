/** A run of characters of a tracked secret found in some text. */
export interface SecretMatch {
  /** 1-based number of the secret, in the order it was first seen. */
  secret: number;
  /** Offset in the text, and length of the run. */
  start: number;
  length: number;
  /** Offset of the run within the secret. */
  secretOffset: number;
  /** Whether the run has the secret's own letter case (matching ignores ASCII case). */
  exact: boolean;
}

/** Polynomial hash base of {@link windowHash} (32-bit arithmetic). */
const HASH_BASE = 0x01000193;
const hashPowers = new Map<number, number>();

/** HASH_BASE ** (length - 1), 32-bit: what the first unit of a window weighs. */
function leadWeight(length: number): number {
  let w = hashPowers.get(length);
  if (w === undefined) {
    w = 1;
    for (let k = 1; k < length; k++) w = Math.imul(w, HASH_BASE);
    hashPowers.set(length, w);
  }
  return w;
}

/** A 32-bit polynomial hash of text[start, start + length), which {@link rollHash} moves one unit on. */
function windowHash(text: string, start: number, length: number): number {
  let h = 0;
  for (let k = start; k < start + length; k++) h = (Math.imul(h, HASH_BASE) + text.charCodeAt(k)) | 0;
  return h;
}

/** The hash of the next window: `out` leaves at the front, `next` comes in at the end. */
function rollHash(hash: number, out: number, next: number, length: number): number {
  return (Math.imul((hash - Math.imul(out, leadWeight(length))) | 0, HASH_BASE) + next) | 0;
}

/** ASCII-only lower case: same length as the input, so offsets found in the folded text hold in the original. */
export function foldAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

interface Tracked {
  value: string;
  /** Sequence number of the exchange that carried it. */
  seq: number;
}

/**
 * Every once-only secret seen in a response (found through the spec's `x-secret` fields), indexed by each of its
 * substrings of `minRun` characters so any text can be searched for a whole or partial copy in one pass. Matching
 * ignores ASCII letter case: a key echoed in upper case is still the key (and many comparisons ignore case).
 */
export class SecretTracker {
  private readonly tracked: Tracked[] = [];
  private readonly byValue = new Map<string, number>();
  private readonly grams = new Map<string, { secret: number; offset: number }>();
  /** The UTF-16 code units of the folded secrets: a window holding any other unit cannot match, so it is skipped. */
  private readonly units = new Set<number>();
  /** {@link windowHash} of every gram: a window whose hash is not here is not looked up (no substring is made). */
  private readonly gramHashes = new Set<number>();

  /** @param minRun shortest run of a secret's characters that counts as a copy of it (the 12). */
  constructor(readonly minRun = 12) {}

  /** Registers a secret; returns its 1-based number (the same number when seen again). */
  add(value: string, seq: number): number {
    const known = this.byValue.get(value);
    if (known !== undefined) return known;
    this.tracked.push({ value, seq });
    const n = this.tracked.length;
    this.byValue.set(value, n);
    const folded = foldAscii(value);
    for (let i = 0; i < folded.length; i++) this.units.add(folded.charCodeAt(i));
    for (let i = 0; i + this.minRun <= folded.length; i++) {
      const g = folded.slice(i, i + this.minRun);
      if (!this.grams.has(g)) this.grams.set(g, { secret: n, offset: i });
      this.gramHashes.add(windowHash(folded, i, this.minRun));
    }
    return n;
  }

  get size(): number {
    return this.tracked.length;
  }

  /** The secrets, in the order first seen, with the exchange that first carried each. */
  all(): readonly Tracked[] {
    return this.tracked;
  }

  /** Number of a secret value, if tracked. */
  numberOf(value: string): number | undefined {
    return this.byValue.get(value);
  }

  /** Maximal runs of at least `minRun` characters of any tracked secret in `text` (whole copies included). */
  find(text: string): SecretMatch[] {
    const out: SecretMatch[] = [];
    if (this.grams.size === 0 || text.length < this.minRun) return out;
    const folded = foldAscii(text);
    let i = 0;
    /** Every unit of folded[i, checked) is one of the secrets' units. */
    let checked = 0;
    /** windowHash of the window at `hashedAt`. */
    let hash = 0;
    let hashedAt = -2;
    while (i + this.minRun <= folded.length) {
      checked = Math.max(checked, i);
      while (checked < i + this.minRun && this.units.has(folded.charCodeAt(checked))) checked++;
      if (checked < i + this.minRun) {
        i = checked + 1;
        continue;
      }
      hash =
        hashedAt === i - 1
          ? rollHash(hash, folded.charCodeAt(i - 1), folded.charCodeAt(i + this.minRun - 1), this.minRun)
          : windowHash(folded, i, this.minRun);
      hashedAt = i;
      const hit = this.gramHashes.has(hash) ? this.grams.get(folded.slice(i, i + this.minRun)) : undefined;
      if (!hit) {
        i++;
        continue;
      }
      const original = this.tracked[hit.secret - 1]!.value;
      const secret = foldAscii(original);
      let len = this.minRun;
      while (
        i + len < folded.length &&
        hit.offset + len < secret.length &&
        folded[i + len] === secret[hit.offset + len]
      )
        len++;
      const exact = text.slice(i, i + len) === original.slice(hit.offset, hit.offset + len);
      out.push({ secret: hit.secret, start: i, length: len, secretOffset: hit.offset, exact });
      i += len;
    }
    return out;
  }
}
