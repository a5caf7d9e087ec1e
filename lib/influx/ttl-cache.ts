// A tiny single-flight cache with a time-to-live, for upstream facts that change rarely (resource
// types, the credential's own user, visible orgs). Concurrent callers share one load; a failed
// load is not cached. Pure apart from the clock, which tests pass in.

export interface TtlCache<K, V> {
  get(key: K): Promise<V>;
  clear(): void;
}

export function ttlCache<K, V>(load: (key: K) => Promise<V>, ttlMs: number, now: () => number = Date.now): TtlCache<K, V> {
  const entries = new Map<K, { at: number; value: Promise<V> }>();
  return {
    get(key) {
      const hit = entries.get(key);
      if (hit && now() - hit.at < ttlMs) return hit.value;
      const value = load(key);
      const entry = { at: now(), value };
      entries.set(key, entry);
      value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return value;
    },
    clear: () => entries.clear(),
  };
}
