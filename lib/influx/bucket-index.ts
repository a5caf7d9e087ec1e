// Bucket search for the picker. InfluxDB can only match bucket names exactly, so substring search
// needs the org's whole list: it is paged in with `after` (100 per page, ~0.6 s for 10,000 buckets
// on a local influxd) and kept per org. Searches then run in memory (well under 1 ms for 10,000).
// Fresh for `freshMs`; after that a search still answers from the old list at once and refreshes
// in the background, until `maxStaleMs`, after which it waits for a new list. A bucket created
// since the list was read is still found at once by its exact name: when the list has no exact
// match (and is older than `exactAfterMs`, default 0), one exact-name lookup goes to InfluxDB
// (about 1 ms: influxd indexes names) and a hit also refreshes the list. Free of Next.js so it can be tested and benchmarked directly.
import type { BucketDTO } from './dto';

export interface BucketHit {
  id: string;
  name: string;
  system: boolean;
}

export interface BucketSearchResult {
  items: BucketHit[];
  /** Matches in the whole list (items holds at most `limit` of them). */
  total: number;
  /** Buckets in the org's list that was searched. */
  scanned: number;
  /** When that list was read from InfluxDB (ms since epoch). */
  loadedAt: number;
}

interface Entry {
  at: number;
  rows: { b: BucketHit; lower: string }[];
  byId: Map<string, BucketHit>;
}

export interface BucketIndexOptions {
  load: (orgID: string) => Promise<BucketDTO[]>;
  /** Exact-name lookup upstream (GET /buckets?name=), for buckets newer than the list. */
  exact?: (orgID: string, name: string) => Promise<BucketDTO | undefined>;
  exactAfterMs?: number;
  freshMs?: number;
  maxStaleMs?: number;
  now?: () => number;
}

export function createBucketIndex(opts: BucketIndexOptions) {
  const freshMs = opts.freshMs ?? 30_000;
  // Long: an old list is still safe to search (new buckets are found by exact name, and every id
  // is checked upstream at mint time), while a reload of 10,000 buckets costs about 0.6 s.
  const maxStaleMs = opts.maxStaleMs ?? 30 * 60_000;
  const now = opts.now ?? Date.now;
  const exactAfterMs = opts.exactAfterMs ?? 0;
  const entries = new Map<string, Entry>();
  const loading = new Map<string, Promise<Entry>>();

  function refresh(orgID: string): Promise<Entry> {
    let p = loading.get(orgID);
    if (!p) {
      p = opts
        .load(orgID)
        .then((list) => {
          const rows = list
            .map((b) => ({ b: { id: b.id, name: b.name, system: b.type === 'system' }, lower: b.name.toLowerCase() }))
            .sort((x, y) => (x.lower < y.lower ? -1 : x.lower > y.lower ? 1 : 0));
          const entry = { at: now(), rows, byId: new Map(rows.map((r) => [r.b.id, r.b])) };
          entries.set(orgID, entry);
          return entry;
        })
        .finally(() => loading.delete(orgID));
      loading.set(orgID, p);
      // A background refresh that fails keeps the old list; the next search tries again.
      p.catch(() => {});
    }
    return p;
  }

  async function entryFor(orgID: string): Promise<Entry> {
    const e = entries.get(orgID);
    const age = e ? now() - e.at : Infinity;
    if (e && age < freshMs) return e;
    if (e && age < maxStaleMs) {
      void refresh(orgID);
      return e;
    }
    return refresh(orgID);
  }

  return {
    async search(orgID: string, query: string, limit = 20): Promise<BucketSearchResult> {
      const e = await entryFor(orgID);
      const found = searchRows(e.rows, query, limit);
      const name = query.trim();
      if (opts.exact && name && now() - e.at >= exactAfterMs && !found.items.some((b) => b.name === name)) {
        const hit = await opts.exact(orgID, name).catch(() => undefined);
        if (hit) {
          void refresh(orgID);
          const b = { id: hit.id, name: hit.name, system: hit.type === 'system' };
          return { items: [b, ...found.items].slice(0, limit), total: found.total + 1, scanned: e.rows.length, loadedAt: e.at };
        }
      }
      return { ...found, scanned: e.rows.length, loadedAt: e.at };
    },
    /**
     * Starts loading an org's list without waiting (the builder page calls it on render), and
     * refreshes it in the background when it is older than `olderThanMs`.
     */
    warm(orgID: string, olderThanMs = 10_000): void {
      const e = entries.get(orgID);
      if (e && now() - e.at >= olderThanMs) void refresh(orgID);
      else void entryFor(orgID).catch(() => {});
    },
    /**
     * A bucket of the org by id from the kept list, for the mint's check of the ids a form names,
     * while the list is younger than `maxAgeMs` (default: the list's freshness, 30 s). Undefined
     * when the id is not in it, or the list is older or not loaded (which starts a load in the
     * background): then the caller asks InfluxDB. Never "does not exist": a bucket made since the
     * list was read must still be found upstream.
     */
    kept(orgID: string, id: string, maxAgeMs = freshMs): BucketHit | undefined {
      const e = entries.get(orgID);
      if (!e || now() - e.at >= maxAgeMs) {
        void refresh(orgID).catch(() => {});
        return undefined;
      }
      return e.byId.get(id);
    },
    /** Forget an org's list (after buckets change through the console). */
    invalidate(orgID: string): void {
      entries.delete(orgID);
    },
  };
}

export type BucketIndex = ReturnType<typeof createBucketIndex>;

/**
 * Case-insensitive substring match. Exact names first, then names starting with the query, then
 * the rest; user buckets before system ones; then by name. Rows arrive sorted by name.
 */
export function searchRows(rows: readonly { b: BucketHit; lower: string }[], query: string, limit: number) {
  const q = query.trim().toLowerCase();
  const buckets: BucketHit[][] = [[], [], [], [], [], []];
  let total = 0;
  for (const r of rows) {
    const at = q ? r.lower.indexOf(q) : 0;
    if (at < 0) continue;
    total++;
    const rank = (q && r.lower === q ? 0 : at === 0 ? 1 : 2) * 2 + (r.b.system ? 1 : 0);
    const list = buckets[rank]!;
    if (list.length < limit) list.push(r.b);
  }
  const items: BucketHit[] = [];
  for (const list of buckets) {
    for (const b of list) {
      if (items.length >= limit) break;
      items.push(b);
    }
  }
  return { items, total };
}
