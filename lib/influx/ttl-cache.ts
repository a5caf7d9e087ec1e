// A tiny single-flight cache with a time-to-live, for upstream facts that change rarely (resource
// types, the credential's own user, visible orgs). Concurrent callers share one load; a failed
// first load is not kept. Pure apart from the clock, which tests pass in.
//
// Past its time-to-live, a value once loaded is still served, while one reload runs in the
// background (issue 16: a page never waits on InfluxDB for these once it has read them; every
// 30 s one request used to wait for the org list, and the whole deadline when InfluxDB had stopped
// answering). The reload's answer replaces it; a failed reload keeps it, and the next request
// past the time-to-live tries again. An error `gone` recognises (an answer, such as "no such org",
// not an outage) drops the value instead: the next request waits for a new load.

export interface TtlCache<K, V> {
  get(key: K): Promise<V>;
  clear(): void;
}

interface Entry<V> {
  at: number;
  value: Promise<V>;
  /** The value resolved: it may be served past the time-to-live. */
  loaded?: boolean;
  reloading?: boolean;
}

export function ttlCache<K, V>(
  load: (key: K) => Promise<V>,
  ttlMs: number,
  now: () => number = Date.now,
  opts: { gone?: (error: unknown) => boolean } = {},
): TtlCache<K, V> {
  const entries = new Map<K, Entry<V>>();
  const reload = (key: K, kept: Entry<V>) => {
    kept.reloading = true;
    const value = load(key);
    value.then(
      () => {
        if (entries.get(key) === kept) entries.set(key, { at: now(), value, loaded: true });
      },
      (error: unknown) => {
        if (entries.get(key) !== kept) return;
        if (opts.gone?.(error)) entries.delete(key);
        else kept.reloading = false;
      },
    );
  };
  return {
    get(key) {
      const hit = entries.get(key);
      if (hit && now() - hit.at < ttlMs) return hit.value;
      if (hit?.loaded) {
        if (!hit.reloading) reload(key, hit);
        return hit.value;
      }
      const value = load(key);
      const entry: Entry<V> = { at: now(), value };
      entries.set(key, entry);
      value.then(
        () => {
          entry.loaded = true;
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      return value;
    },
    clear: () => entries.clear(),
  };
}
