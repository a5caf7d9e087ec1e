// A small stale-while-revalidate cache with one load in flight per key. InfluxDB OSS returns an
// org's whole token list in one answer (about 0.8 s and 10 MB at 10,000 tokens), so the inventory
// keeps the list briefly and serves every search, filter and page from memory.
//
// A kept value is served at once whatever its age (issue 16: at 100,000 tokens InfluxDB takes
// longer to answer than a page may wait); older than freshMs, or when a refresh is asked for, a
// reload runs in the background and the answer says so. Only a key with nothing kept waits.
//
// Changes made through the console are kept as data and applied to the kept value by the next
// read, all those waiting in one call of `apply` (issue 16: at 100,000 tokens, applying a mint's
// new token to the kept list on its own cost the mint 5 ms, a whole copy of the list; a burst of
// mints now costs the next read one copy). A change made while a load is in flight is replayed on
// that load's result, so a read that started before the change cannot bring the old state back.
//
// A change made through another console process cannot be patched in (this one does not know it):
// the key is invalidated, and a load already in flight is disowned, since it may have read the
// state from before that change.

export interface CacheEntry<T> {
  value: T;
  /** When the load that produced the value started (ms). */
  at: number;
  /** How long that load took (ms). */
  tookMs?: number;
}

export interface ServedEntry<T> extends CacheEntry<T> {
  /** A reload of this key is running (the value may soon be replaced). */
  refreshing: boolean;
  /** When that reload started (ms), so a page can say how far along it should be. */
  refreshingSince?: number;
}

export interface SwrCacheOptions<T, C> {
  /** Younger than this: served as is; older: served, and a reload starts in the background. */
  freshMs: number;
  load: (key: string) => Promise<T>;
  /** The value with `changes` made to it, in their order (patch()). */
  apply: (value: T, changes: readonly C[]) => T;
  /** Most changes kept waiting for a read per key (default 1,000); one more applies them all. */
  maxWaiting?: number;
  now?: () => number;
  onBackgroundError?: (key: string, error: unknown) => void;
  /** Most keys kept at once (orgs); the oldest goes first. */
  maxKeys?: number;
}

export function createSwrCache<T, C>(options: SwrCacheOptions<T, C>) {
  const now = options.now ?? Date.now;
  const entries = new Map<string, CacheEntry<T>>();
  // Changes made to a kept value that no read has applied yet (patch(), current()).
  const waiting = new Map<string, C[]>();
  const loads = new Map<string, { promise: Promise<CacheEntry<T>>; patches: C[]; startedAt: number }>();
  // Bumped by invalidate() (per key) and clear() (all): a load started before must not store its result.
  const generations = new Map<string, number>();
  let epoch = 0;
  const generation = (key: string) => `${epoch}:${generations.get(key) ?? 0}`;
  // When a key's last load failed: a page polling while the reload runs must not start the next
  // one the moment it fails (a whole list read each time); it waits freshMs, unless asked.
  const failedAt = new Map<string, number>();

  function loadOnce(key: string): Promise<CacheEntry<T>> {
    const running = loads.get(key);
    if (running) return running.promise;
    const startedAt = now();
    const startedIn = generation(key);
    const patches: C[] = [];
    const promise = options
      .load(key)
      .then((loaded) => {
        const value = patches.length ? options.apply(loaded, patches) : loaded;
        const entry = { value, at: startedAt, tookMs: now() - startedAt };
        if (startedIn !== generation(key)) return entry;
        // The changes waiting for the old value were made after this load began (and are in
        // `patches`) or before it (and so are in what InfluxDB answered).
        waiting.delete(key);
        entries.delete(key);
        entries.set(key, entry);
        while (entries.size > (options.maxKeys ?? 20)) {
          const oldest = entries.keys().next().value as string;
          entries.delete(oldest);
          waiting.delete(oldest);
        }
        return entry;
      })
      .then(
        (entry) => {
          failedAt.delete(key);
          return entry;
        },
        (error: unknown) => {
          failedAt.set(key, now());
          throw error;
        },
      )
      .finally(() => {
        if (loads.get(key)?.promise === promise) loads.delete(key);
      });
    loads.set(key, { promise, patches, startedAt });
    return promise;
  }

  /** The kept entry with the changes waiting for it applied (once: the result is kept). */
  function current(key: string): CacheEntry<T> | undefined {
    const entry = entries.get(key);
    const changes = waiting.get(key);
    if (!entry || !changes) return entry;
    waiting.delete(key);
    const updated = { ...entry, value: options.apply(entry.value, changes) };
    entries.set(key, updated);
    return updated;
  }

  return {
    /**
     * `refresh`: start a reload even if the value is fresh; `waitMs`: how long the caller who asked
     * for it waits for that reload before taking the kept value (a reload that fails meanwhile
     * throws, as a first load does).
     */
    async get(key: string, opts: { refresh?: boolean; waitMs?: number } = {}): Promise<ServedEntry<T>> {
      const served = (e: CacheEntry<T>): ServedEntry<T> => {
        const running = loads.get(key);
        return running ? { ...e, refreshing: true, refreshingSince: running.startedAt } : { ...e, refreshing: false };
      };
      const entry = current(key);
      if (!entry) return served(await loadOnce(key));
      if (!opts.refresh && now() - entry.at <= options.freshMs) return served(entry);
      if (!opts.refresh && now() - (failedAt.get(key) ?? -Infinity) <= options.freshMs) return served(entry);
      const reload = loadOnce(key);
      reload.catch((error) => options.onBackgroundError?.(key, error));
      if (opts.refresh && opts.waitMs) {
        const done = await settledWithin(reload, opts.waitMs);
        if (done) return served(current(key) ?? done);
      }
      return served(current(key) ?? entry);
    },

    /** A change to the kept value (if any; applied by the next read) and to the result of a load in flight. */
    patch(key: string, change: C): void {
      if (entries.has(key)) {
        const changes = waiting.get(key);
        if (changes) changes.push(change);
        else waiting.set(key, [change]);
        if ((changes?.length ?? 1) > (options.maxWaiting ?? 1000)) current(key);
      }
      loads.get(key)?.patches.push(change);
    },

    /** Drops the kept value and disowns a load in flight: the next get reads anew. */
    invalidate(key: string): void {
      generations.set(key, (generations.get(key) ?? 0) + 1);
      entries.delete(key);
      waiting.delete(key);
      loads.delete(key);
    },

    /** invalidate() for every key. */
    clear(): void {
      epoch++;
      generations.clear();
      entries.clear();
      waiting.clear();
      loads.clear();
      failedAt.clear();
    },

    /**
     * For a caller that must not wait (issue 16: a page answers before InfluxDB does): undefined
     * when a value is kept; else the key's load, the one running or a new one (never a second),
     * and when it started.
     */
    pending(key: string): { startedAt: number; done: Promise<CacheEntry<T>> } | undefined {
      if (entries.has(key)) return undefined;
      const done = loadOnce(key);
      return { startedAt: loads.get(key)?.startedAt ?? now(), done };
    },

    peek(key: string): CacheEntry<T> | undefined {
      return current(key);
    },
  };
}

/** The promise's value if it settles within `ms`, else undefined (its rejection is thrown). */
async function settledWithin<V>(promise: Promise<V>, ms: number): Promise<V | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

export type SwrCache<T, C> = ReturnType<typeof createSwrCache<T, C>>;
