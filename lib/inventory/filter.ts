// Search, filter, sort and page the inventory. Pure; runs on the server over the kept records so
// the browser gets one page, however many tokens the org has.
import { compareExpiry, matchesExpiryFilter } from '@/lib/lifetimes/expiry-status';
import type { InventoryQuery, SortKey } from './query';
import type { BucketReach, InventoryRecord } from './types';

export const reaches = (reach: BucketReach, bucketID: string) => reach.all || reach.ids.includes(bucketID);

/** The audit trail's answer for a "minted by" filter: these ids, or every id but these. */
export interface MintedFilter {
  ids: ReadonlySet<string>;
  exclude: boolean;
}

/** Issue 13: each token's stored expiry (ISO, null for none), which the kept records do not carry. */
export interface ExpiryLookup {
  of(id: string): string | null;
  now: Date;
}

const NO_EXPIRIES: ExpiryLookup = { of: () => null, now: new Date(0) };

/** The test of one query, made once per request (the words split once, not once per token). */
export function matcher(q: InventoryQuery, minted?: MintedFilter, expiries: ExpiryLookup = NO_EXPIRIES): (r: InventoryRecord) => boolean {
  // Every word must appear in the description or the owner's name ("ops write" finds
  // "ops: telegraf write token" owned by anyone); a word of 6+ hex digits may also be the
  // start of the token's id (people paste ids from logs).
  const words = q.q ? q.q.toLowerCase().split(/\s+/).filter(Boolean) : [];
  return (r) => {
    if (minted && minted.ids.has(r.id) === minted.exclude) return false;
    if (q.expiry && !matchesExpiryFilter(q.expiry, expiries.of(r.id), expiries.now)) return false;
    if (q.status !== 'any' && r.status !== q.status) return false;
    if (q.owner && r.ownerID !== q.owner) return false;
    if (q.type && !r.types.includes(q.type)) return false;
    if (q.canWrite && !reaches(r.bucketWrite, q.canWrite)) return false;
    if (q.canRead && !reaches(r.bucketRead, q.canRead)) return false;
    if (q.sensitive && r.sensitive.length === 0 && r.codeRunning.length === 0) return false;
    for (const w of words) {
      if (!r.search.includes(w) && !r.ownerSearch?.includes(w) && !(w.length >= 6 && r.id.startsWith(w))) return false;
    }
    return true;
  };
}

export function matches(r: InventoryRecord, q: InventoryQuery, minted?: MintedFilter, expiries: ExpiryLookup = NO_EXPIRIES): boolean {
  return matcher(q, minted, expiries)(r);
}

/** No filter at all: every token matches. */
const matchesEverything = (q: InventoryQuery, minted?: MintedFilter) =>
  !minted && !q.expiry && q.status === 'any' && !q.owner && !q.type && !q.canWrite && !q.canRead && !q.sensitive && !q.q.trim();

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

const byId = (a: InventoryRecord, b: InventoryRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Places of strings in the collator's order, equal places for strings it finds equal ("Ana", "ana"). */
function collatedPlaces(values: readonly string[]): Map<string, number> {
  const distinct = [...new Set(values)].sort(collator.compare);
  const places = new Map<string, number>();
  let place = 0;
  distinct.forEach((v, i) => {
    if (i > 0 && collator.compare(distinct[i - 1]!, v) !== 0) place++;
    places.set(v, place);
  });
  return places;
}

/**
 * Each record's place by one key as a number, worked out once per sort: at 100,000 tokens a sort
 * makes about 1.7 million comparisons, and comparing numbers is many times cheaper than asking the
 * collator (or a switch) each time.
 */
function placeBy(records: readonly InventoryRecord[], key: Exclude<SortKey, 'expires'>): (r: InventoryRecord) => number {
  switch (key) {
    case 'created':
      return (r) => r.createdMs;
    case 'updated':
      return (r) => r.updatedMs;
    case 'status':
      return (r) => (r.status === 'active' ? 0 : 1);
    case 'description': {
      const places = collatedPlaces(records.map((r) => r.description));
      return (r) => places.get(r.description)!;
    }
    case 'owner': {
      const places = collatedPlaces(records.map((r) => r.ownerName ?? ''));
      return (r) => places.get(r.ownerName ?? '')!;
    }
  }
}

export function sortRecords(
  records: readonly InventoryRecord[],
  key: SortKey,
  dir: 'asc' | 'desc',
  expiries: ExpiryLookup = NO_EXPIRIES,
): InventoryRecord[] {
  const sign = dir === 'asc' ? 1 : -1;
  // The id breaks ties so the order (and so each page) is the same on every request: the sort is
  // stable, so sorting the list in id order keeps ids ascending among equals without comparing them.
  const inIdOrder = idOrder(records);
  if (key === 'expires') return [...inIdOrder].sort((a, b) => sign * compareExpiry(expiries.of(a.id), expiries.of(b.id)));
  const place = placeBy(records, key);
  return inIdOrder
    .map((r) => ({ r, at: place(r) }))
    .sort((a, b) => sign * (a.at - b.at))
    .map((x) => x.r);
}

export interface QueryResult {
  rows: InventoryRecord[];
  total: number;
  page: number;
  pageCount: number;
}

// Each kept list's sorted orders, made on the first request that asks for one and then reused
// until the list is replaced or patched (a patch makes a new array): a request is then a filter
// and a slice, not a sort of every token. Held weakly, so an old list's orders go with it.
const orders = new WeakMap<readonly InventoryRecord[], Map<string, readonly InventoryRecord[]>>();

function keptOrder(records: readonly InventoryRecord[], name: string, sort: () => readonly InventoryRecord[]) {
  let byName = orders.get(records);
  if (!byName) orders.set(records, (byName = new Map<string, readonly InventoryRecord[]>()));
  let sorted = byName.get(name);
  if (!sorted) byName.set(name, (sorted = sort()));
  return sorted;
}

// InfluxDB lists tokens in id order, so this is about one pass over a sorted list.
const idOrder = (records: readonly InventoryRecord[]) => keptOrder(records, 'id', () => [...records].sort(byId));

const sortedOnce = (records: readonly InventoryRecord[], key: Exclude<SortKey, 'expires'>, dir: 'asc' | 'desc') =>
  keptOrder(records, `${key} ${dir}`, () => sortRecords(records, key, dir));

/** Sorts a list the way its first page is asked for, so the request that first shows it does not wait for that. */
export function prepareDefaultOrder(records: readonly InventoryRecord[], q: Pick<InventoryQuery, 'sort' | 'dir'>): void {
  if (q.sort !== 'expires') sortedOnce(records, q.sort, q.dir);
}

export function queryInventory(
  records: readonly InventoryRecord[],
  q: InventoryQuery,
  minted?: MintedFilter,
  expiries: ExpiryLookup = NO_EXPIRIES,
): QueryResult {
  const test = matcher(q, minted, expiries);
  // Expiries are read per request (the kept records do not carry them), so that order is not kept.
  const sorted =
    q.sort === 'expires'
      ? sortRecords(records.filter(test), q.sort, q.dir, expiries)
      : matchesEverything(q, minted)
        ? sortedOnce(records, q.sort, q.dir)
        : sortedOnce(records, q.sort, q.dir).filter(test);
  const pageCount = Math.max(1, Math.ceil(sorted.length / q.size));
  // A shared link to page 7 of a list that has since shrunk shows the last page, not nothing.
  const page = Math.min(q.page, pageCount);
  const start = (page - 1) * q.size;
  return { rows: sorted.slice(start, start + q.size), total: sorted.length, page, pageCount };
}
