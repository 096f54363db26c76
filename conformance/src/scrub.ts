import { SecretTracker } from './secret-tracker.js';

/** What the API key is written as in every report (and in curl commands, as a shell variable). */
export const API_KEY_PLACEHOLDER = '$APIKEYS_KIT_API_KEY';

/** A secret the run was given (the API key, an extra header's value) and the shell variable it is written as. */
export interface GivenSecret {
  value: string;
  /** `$NAME`: what the whole value becomes; a part of it becomes `<name[from..to]>`. */
  placeholder: string;
  /** How a part of it is labelled, e.g. `api-key` → `<api-key[3..20]>`. */
  label: string;
}

/** Replaces one given secret: the exact value (where it stands alone when it is short), then parts of it. */
function givenScrubber(secret: GivenSecret, minRun: number): (text: string) => string {
  const { value, placeholder, label } = secret;
  const tracker = new SecretTracker(minRun);
  tracker.add(value, 0);
  // A value too short to be hidden by plain replacement without mangling ordinary words is replaced where it stands alone.
  const standalone =
    value.length < minRun
      ? new RegExp(`(?<![A-Za-z0-9_-])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_-])`, 'gi')
      : undefined;
  return (text) => {
    const out = standalone ? text.replace(standalone, () => placeholder) : text.split(value).join(placeholder);
    // The exact value was replaced above; what remains of it here is in another case or a part.
    return replaceRuns(out, tracker, (_n, full, a, b) => (full ? placeholder : `<${label}[${a}..${b}]>`));
  };
}

function replaceRuns(
  text: string,
  t: SecretTracker,
  label: (n: number, full: boolean, from: number, to: number) => string,
): string {
  let out = text;
  for (const m of t.find(text).reverse()) {
    const full = t.all()[m.secret - 1]!.value.length === m.length;
    // A copy in another letter case is still the secret (matching ignores ASCII case); the label says so.
    const base = label(m.secret, full, m.secretOffset, m.secretOffset + m.length);
    const shown = m.exact ? base : `<${base.replace(/^<|>$/g, '')}, other letter case>`;
    out = out.slice(0, m.start) + shown + out.slice(m.start + m.length);
  }
  return out;
}

/**
 * Returns a function that removes secrets from text: the API key becomes `$APIKEYS_KIT_API_KEY` (a run of 12 or more
 * of its characters `<api-key[from..to]>`), each extra header's value its `$APIKEYS_KIT_HEADER_<NAME>` (parts
 * `<header-name[from..to]>`), and every created key, or any run of `tracker.minRun` or more of its characters, becomes
 * `<created-key-N>` (or `<created-key-N[from..to]>` for a part). Applied to every string of a report before any
 * reporter sees it.
 */
export function scrubber(
  apiKey: string | undefined,
  tracker: SecretTracker,
  given: readonly GivenSecret[] = [],
): (text: string) => string {
  const secrets = [
    ...(apiKey ? [{ value: apiKey, placeholder: API_KEY_PLACEHOLDER, label: 'api-key' }] : []),
    ...given.filter((g) => g.value.length > 0),
  ].map((g) => givenScrubber(g, tracker.minRun));
  return (text) => {
    const out = secrets.reduce((t, scrub) => scrub(t), text);
    return replaceRuns(out, tracker, (n, full, a, b) =>
      full ? `<created-key-${n}>` : `<created-key-${n}[${a}..${b}]>`,
    );
  };
}

/** Applies `scrub` to every string in a JSON-like value (keys included), returning a copy. */
export function scrubDeep<T>(value: T, scrub: (s: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [scrub(k), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
