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

/** The words a word key sorts by (in the collator's order); the other keys sort by a number. */
const WORD_KEYS = {
  description: (r: InventoryRecord) => r.description,
  owner: (r: InventoryRecord) => r.ownerName ?? '',
} as const;
type WordKey = keyof typeof WORD_KEYS;
const isWordKey = (key: string): key is WordKey => key in WORD_KEYS;

/** A number key's place: the same for every list. */
function numberPlace(key: Exclude<SortKey, 'expires' | WordKey>): (r: InventoryRecord) => number {
  switch (key) {
    case 'created':
      return (r) => r.createdMs;
    case 'updated':
      return (r) => r.updatedMs;
    case 'status':
      return (r) => (r.status === 'active' ? 0 : 1);
  }
}

/**
 * Each record's place by one key as a number, worked out once per sort: at 100,000 tokens a sort
 * makes about 1.7 million comparisons, and comparing numbers is many times cheaper than asking the
 * collator (or a switch) each time.
 */
function placeBy(records: readonly InventoryRecord[], key: Exclude<SortKey, 'expires'>): (r: InventoryRecord) => number {
  if (!isWordKey(key)) return numberPlace(key);
  const words = WORD_KEYS[key];
  const places = collatedPlaces(records.map(words));
  return (r) => places.get(words(r))!;
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
// One map for the process: Next.js loads this module more than once (instrumentation.ts's warm-up,
// which makes the kept list's cache and so applies changes to it, and the pages and actions), and
// with a map per copy the page after each mint sorted 100,000 tokens again (issue 16).
const ORDERS = Symbol.for('influx-token-console.inventory-orders');
type OrdersHolder = { [ORDERS]?: WeakMap<readonly InventoryRecord[], Map<string, readonly InventoryRecord[]>> };
const orders = ((globalThis as OrdersHolder)[ORDERS] ??= new WeakMap());

function keptOrder(records: readonly InventoryRecord[], name: string, sort: () => readonly InventoryRecord[]) {
  let byName = orders.get(records);
  if (!byName) orders.set(records, (byName = new Map<string, readonly InventoryRecord[]>()));
  let sorted = byName.get(name);
  if (!sorted) byName.set(name, (sorted = sort()));
  return sorted;
}

/** The names of the sorted orders kept for a list ("id", "created desc", ...): for tests. */
export const keptOrderNames = (records: readonly InventoryRecord[]): string[] => [...(orders.get(records)?.keys() ?? [])];

// InfluxDB lists tokens in id order, so this is about one pass over a sorted list.
const idOrder = (records: readonly InventoryRecord[]) => keptOrder(records, 'id', () => [...records].sort(byId));

const sortedOnce = (records: readonly InventoryRecord[], key: Exclude<SortKey, 'expires'>, dir: 'asc' | 'desc') =>
  keptOrder(records, `${key} ${dir}`, () => sortRecords(records, key, dir));

/** What sortRecords orders by, as one comparison: the key (the collator for words), then the id. */
function comparisonOf(orderName: string): (a: InventoryRecord, b: InventoryRecord) => number {
  if (orderName === 'id') return byId;
  const [key, dir] = orderName.split(' ') as [Exclude<SortKey, 'expires'>, 'asc' | 'desc'];
  const sign = dir === 'asc' ? 1 : -1;
  let byKey: (a: InventoryRecord, b: InventoryRecord) => number;
  if (isWordKey(key)) {
    const words = WORD_KEYS[key];
    byKey = (a, b) => collator.compare(words(a), words(b));
  } else {
    const place = numberPlace(key);
    byKey = (a, b) => place(a) - place(b);
  }
  return (a, b) => sign * byKey(a, b) || byId(a, b);
}

/** The index of the first of `sorted` (from `lo` on) that `compare` puts after `r`. */
function firstAfter<T>(sorted: readonly T[], r: T, compare: (a: T, b: T) => number, lo: number): number {
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(sorted[mid]!, r) > 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The kept record with this id, found in the list's id order (sorted once, then kept with it). */
export function recordWithId(records: readonly InventoryRecord[], id: string): InventoryRecord | undefined {
  const inIdOrder = idOrder(records);
  const at = firstAfter(inIdOrder, { id } as InventoryRecord, byId, 0) - 1;
  return at >= 0 && inIdOrder[at]!.id === id ? inIdOrder[at] : undefined;
}

/**
 * `to` is the list `from` with the records `removed` taken out and `added` put in (a batch of the
 * console's own changes, or a reload that found most tokens as they were): `to`'s sorted orders
 * are `from`'s with those merged in, one pass each, instead of a sort of every token. At 100,000
 * tokens the sorts after each mint took most of the next page's time and left several megabytes
 * per mint for the collector (issue 16). An order that does not come out as long as `to` is not
 * carried (the next request sorts), so a wrong diff costs time, never a wrong page. Returns the
 * names of the orders it carried.
 */
export function carryOrders(
  from: readonly InventoryRecord[],
  to: readonly InventoryRecord[],
  removed: ReadonlySet<InventoryRecord>,
  added: readonly InventoryRecord[],
): string[] {
  const kept = orders.get(from);
  if (!kept || from === to || orders.has(to)) return [];
  const carried = new Map<string, readonly InventoryRecord[]>();
  for (const [name, order] of kept) {
    const compare = comparisonOf(name);
    const staying = removed.size > 0 ? order.filter((r) => !removed.has(r)) : order;
    // Each new record goes where a binary search puts it (a mint adds one to 100,000), the runs
    // between them are copied as they are: no comparison of two kept records.
    const out = new Array<InventoryRecord>(to.length); // sized once: push would copy it over and over
    let n = 0;
    let copied = 0;
    for (const r of [...added].sort(compare)) {
      const at = firstAfter(staying, r, compare, copied);
      while (copied < at) out[n++] = staying[copied++]!;
      out[n++] = r;
    }
    while (copied < staying.length) out[n++] = staying[copied++]!;
    if (n === to.length) carried.set(name, out);
  }
  orders.set(to, carried);
  return [...carried.keys()];
}

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
