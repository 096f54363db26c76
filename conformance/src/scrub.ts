import { SecretTracker } from './secret-tracker.js';

/** What the API key is written as in every report (and in curl commands, as a shell variable). */
export const API_KEY_PLACEHOLDER = '$APIKEYS_KIT_API_KEY';

/**
 * Returns a function that removes secrets from text: the API key becomes `$APIKEYS_KIT_API_KEY` (a run of 12 or more
 * of its characters `<api-key[from..to]>`), and every created key, or any run of `tracker.minRun` or more of its
 * characters, becomes `<created-key-N>` (or `<created-key-N[from..to]>` for a part). Applied to every string of a
 * report before any reporter sees it.
 */
export function scrubber(apiKey: string | undefined, tracker: SecretTracker): (text: string) => string {
  const apiKeyTracker = new SecretTracker(tracker.minRun);
  if (apiKey) apiKeyTracker.add(apiKey, 0);
  const replaceRuns = (
    text: string,
    t: SecretTracker,
    label: (n: number, full: boolean, from: number, to: number) => string,
  ) => {
    let out = text;
    for (const m of t.find(text).reverse()) {
      const full = t.all()[m.secret - 1]!.value.length === m.length;
      // A copy in another letter case is still the secret (matching ignores ASCII case); the label says so.
      const base = label(m.secret, full, m.secretOffset, m.secretOffset + m.length);
      const shown = m.exact ? base : `<${base.replace(/^<|>$/g, '')}, other letter case>`;
      out = out.slice(0, m.start) + shown + out.slice(m.start + m.length);
    }
    return out;
  };
  // A key too short to be hidden by plain replacement without mangling ordinary words is replaced where it stands alone.
  const standalone =
    apiKey && apiKey.length < tracker.minRun
      ? new RegExp(`(?<![A-Za-z0-9_-])${apiKey.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_-])`, 'gi')
      : undefined;
  return (text) => {
    let out = !apiKey
      ? text
      : standalone
        ? text.replace(standalone, API_KEY_PLACEHOLDER)
        : text.split(apiKey).join(API_KEY_PLACEHOLDER);
    // The exact key was replaced above; what remains of it here is in another case or a part.
    out = replaceRuns(out, apiKeyTracker, (_n, full, a, b) => (full ? API_KEY_PLACEHOLDER : `<api-key[${a}..${b}]>`));
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
