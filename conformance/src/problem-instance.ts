/**
 * A path after RFC 3986 §6.2.2 syntax-based normalisation (spec: Problem.instance is compared this way):
 * percent-encodings in upper case, and percent-encoded unreserved characters decoded (§2.3).
 */
export function normalisedPath(path: string): string {
  return path.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : `%${hex.toUpperCase()}`;
  });
}

/**
 * The request's path when a problem's `instance` is not it (spec: Problem.instance, resolved against the request URL
 * and compared after normalisation), else undefined. When the target carries a path `prefix`, the path the
 * implementation received may lack it (a gateway that strips it, as in front of the seed's
 * https://api-trial.cognigy.ai/new): either path is the request's path.
 */
export function instanceMismatch(instance: string, requestUrl: string, prefix: string): string | undefined {
  let resolved: string;
  try {
    resolved = normalisedPath(new URL(instance, requestUrl).pathname);
  } catch {
    resolved = instance;
  }
  const requested = normalisedPath(new URL(requestUrl).pathname);
  const received = prefix && requested.startsWith(`${prefix}/`) ? requested.slice(prefix.length) : requested;
  return resolved === requested || resolved === received ? undefined : requested;
}
