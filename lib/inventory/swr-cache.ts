// A small stale-while-revalidate cache with one load in flight per key. InfluxDB OSS returns an
// org's whole token list in one answer (about 0.8 s and 10 MB at 10,000 tokens), so the inventory
// keeps the list briefly and serves every search, filter and page from memory.
//
// Changes made through the console are patched into the kept value at once. A patch made while a
// load is in flight is replayed on that load's result, so a read that started before the change
// cannot bring the old state back.
//
// A change made through another console process cannot be patched in (this one does not know it):
// the key is invalidated, and a load already in flight is disowned, since it may have read the
// state from before that change.

export interface CacheEntry<T> {
  value: T;
  /** When the load that produced the value started (ms). */
  at: number;
}

export interface SwrCacheOptions<T> {
  /** Younger than this: served as is. */
  freshMs: number;
  /** Older than freshMs but younger than this: served, and a reload starts in the background. */
  maxStaleMs: number;
  load: (key: string) => Promise<T>;
  now?: () => number;
  onBackgroundError?: (key: string, error: unknown) => void;
  /** Most keys kept at once (orgs); the oldest goes first. */
  maxKeys?: number;
}

export function createSwrCache<T>(options: SwrCacheOptions<T>) {
  const now = options.now ?? Date.now;
  const entries = new Map<string, CacheEntry<T>>();
  const loads = new Map<string, { promise: Promise<CacheEntry<T>>; patches: ((v: T) => T)[] }>();
  // Bumped by invalidate() (per key) and clear() (all): a load started before must not store its result.
  const generations = new Map<string, number>();
  let epoch = 0;
  const generation = (key: string) => `${epoch}:${generations.get(key) ?? 0}`;

  function loadOnce(key: string): Promise<CacheEntry<T>> {
    const running = loads.get(key);
    if (running) return running.promise;
    const startedAt = now();
    const startedIn = generation(key);
    const patches: ((v: T) => T)[] = [];
    const promise = options
      .load(key)
      .then((loaded) => {
        const value = patches.reduce((v, fn) => fn(v), loaded);
        const entry = { value, at: startedAt };
        if (startedIn !== generation(key)) return entry;
        entries.delete(key);
        entries.set(key, entry);
        while (entries.size > (options.maxKeys ?? 20)) entries.delete(entries.keys().next().value as string);
        return entry;
      })
      .finally(() => {
        if (loads.get(key)?.promise === promise) loads.delete(key);
      });
    loads.set(key, { promise, patches });
    return promise;
  }

  return {
    async get(key: string, opts: { refresh?: boolean } = {}): Promise<CacheEntry<T>> {
      const entry = entries.get(key);
      const age = entry ? now() - entry.at : Infinity;
      if (opts.refresh || !entry || age > options.maxStaleMs) return loadOnce(key);
      if (age > options.freshMs) {
        loadOnce(key).catch((error) => options.onBackgroundError?.(key, error));
      }
      return entry;
    },

    /** Applies a change to the kept value (if any) and to the result of a load in flight. */
    patch(key: string, fn: (v: T) => T): void {
      const entry = entries.get(key);
      if (entry) entries.set(key, { value: fn(entry.value), at: entry.at });
      loads.get(key)?.patches.push(fn);
    },

    /** Drops the kept value and disowns a load in flight: the next get reads anew. */
    invalidate(key: string): void {
      generations.set(key, (generations.get(key) ?? 0) + 1);
      entries.delete(key);
      loads.delete(key);
    },

    /** invalidate() for every key. */
    clear(): void {
      epoch++;
      generations.clear();
      entries.clear();
      loads.clear();
    },

    peek(key: string): CacheEntry<T> | undefined {
      return entries.get(key);
    },
  };
}

export type SwrCache<T> = ReturnType<typeof createSwrCache<T>>;
