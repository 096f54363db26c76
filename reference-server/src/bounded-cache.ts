/**
 * Remembers the results of a pure function of a header value (clients send the same few values again and again), up
 * to `max` entries; when full it starts over, so hostile traffic with ever new values costs memory only up to `max`.
 */
export function boundedCache<V>(compute: (key: string) => V, max = 256): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V;
    const value = compute(key);
    if (cache.size >= max) cache.clear();
    cache.set(key, value);
    return value;
  };
}
