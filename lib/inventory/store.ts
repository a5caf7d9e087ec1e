import 'server-only';
// The inventory as the server keeps it: one snapshot per connection and org (key: scopeKey), read from InfluxDB through the
// access layer (which has already dropped every token value), kept briefly (swr-cache.ts) and
// patched in place by the console's own changes. Pages and the list action read from here.
// With more than one console process, each change is also published (lib/storage/changes.ts) and
// the other processes drop their copy: their next read loads the list again.
import { withoutDeadline } from '@/lib/influx/deadline';
import { consoleCatalog } from '@/lib/influx/catalog';
import { influx } from '@/lib/influx/server';
import { findConnection, storedConnectionID } from '@/lib/connections/registry';
import { parseScopeKey } from '@/lib/connections/scope';
import type { AuthorizationSummary } from '@/lib/influx/dto';
import type { Gateway } from '@/lib/influx/gateway';
import { logger } from '@/lib/log/logger';
import { EVERYTHING } from '@/lib/storage/changes';
import { catchUpChanges, onChange, publishChange } from '@/lib/storage/console-changes';
import { storage } from '@/lib/storage/db';
import { consoleMinters, mintersOf, tokensMintedBy } from '@/lib/storage/minted-by';
import { expiriesOf, openSchedules } from '@/lib/storage/scheduled-deactivations';
import { expiryView } from '@/lib/lifetimes/inventory-expiry';
import { facetsForPage } from './facet-choices';
import { carryOrders, prepareDefaultOrder, queryInventory } from './filter';
import { OUTSIDE_THE_CONSOLE } from './minted-by-filter';
import { DEFAULT_QUERY, type InventoryQuery } from './query';
import { applyInventoryChanges, type InventoryChange } from './kept-changes';
import { recordBuilder, toRow, type RecordContext, type SummaryMemo } from './records';
import { createSwrCache, type SwrCache } from './swr-cache';
import type { InventoryFacets, InventoryPage, InventoryRecord } from './types';

export interface InventorySnapshot {
  records: InventoryRecord[];
  context: RecordContext;
  facets: InventoryFacets;
  /** The permission sets this read summarised, for the next read (records.ts recordBuilder). */
  memo?: SummaryMemo;
}

/**
 * Reads an org's whole inventory (one list call, plus resource types and buckets for filters).
 * Each token becomes its record while the list streams in, so the records are ready about when
 * InfluxDB's last byte is, and the list is not held a second time as raw tokens. `previous`: the
 * kept snapshot, whose records are kept for the tokens InfluxDB still describes the same way;
 * `resourceTypes`: where the server's resource types come from (the console's catalog keeps them).
 */
export async function readInventory(
  gw: Gateway,
  orgID: string,
  consoleTokenID?: string,
  {
    previous,
    resourceTypes: typesOf = () => gw.resourceTypes(),
  }: { previous?: InventorySnapshot; resourceTypes?: () => Promise<string[]> } = {},
): Promise<InventorySnapshot> {
  const buckets = gw.allBuckets(orgID);
  buckets.catch(() => undefined);
  // A record's words need the server's resource types: known before the list is asked for.
  const resourceTypes = await typesOf();
  const context: RecordContext = { orgID, resourceTypes, ...(consoleTokenID ? { consoleTokenID } : {}) };
  const { build, memo, diff } = recordBuilder(context, previous?.memo && { memo: previous.memo, records: previous.records });
  let records = await gw.mapAuthorizations({ orgID }, build);
  const changed = diff();
  if (previous && changed) {
    // Nothing changed upstream (the usual reload): keep the list itself, and with it its sorted
    // orders; else carry those orders over (filter.ts) rather than sort every token again.
    if (changed.removed.size === 0 && changed.added.length === 0 && records.length === previous.records.length) records = previous.records;
    else carryOrders(previous.records, records, changed.removed, changed.added);
  }
  prepareDefaultOrder(records, DEFAULT_QUERY);
  const owners = new Map<string, string>();
  for (const r of records) if (r.ownerID) owners.set(r.ownerID, r.ownerName ?? r.ownerID);
  return {
    records,
    context,
    memo,
    facets: {
      owners: [...owners].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
      buckets: (await buckets).map((b) => ({ id: b.id, name: b.name })).sort((a, b) => a.name.localeCompare(b.name)),
      types: [...resourceTypes].sort(),
    },
  };
}

// Fresh for 10 s; older, it is still served at once while a reload runs in the background (the
// page says "as of" and that a reload is running). A change made outside the console shows up once
// that reload is in.
const FRESH_MS = 10_000;

const KEY = Symbol.for('influx-token-console.inventory-cache');
type Holder = { [KEY]?: SwrCache<InventorySnapshot, InventoryChange> };

function cache() {
  const holder = globalThis as Holder;
  if (holder[KEY]) return holder[KEY];
  const created: SwrCache<InventorySnapshot, InventoryChange> = createSwrCache<InventorySnapshot, InventoryChange>({
    freshMs: FRESH_MS,
    apply: applyInventoryChanges,
    // A reload outlives the page or action that started it: the list read's own budget bounds
    // it, not that request's deadline.
    load: (key): Promise<InventorySnapshot> =>
      withoutDeadline(() => {
        const { connectionID, orgID } = parseScopeKey(key);
        const previous = created.peek(key)?.value;
        return readInventory(influx(connectionID), orgID, findConnection(connectionID)?.tokenID, {
          ...(previous ? { previous } : {}),
          resourceTypes: () => consoleCatalog(connectionID).resourceTypes(),
        });
      }),
    onBackgroundError: (key, error) => logger.warn('inventory reload failed', { ...parseScopeKey(key), error: String(error) }),
  });
  onChange('inventory', (key) => (key === EVERYTHING ? created.clear() : created.invalidate(key)));
  holder[KEY] = created;
  return created;
}

const REFRESH_WAIT_MS = 10_000;

/**
 * `key`: scopeKey(connection id, org id). A refresh asked for is waited for up to the connection's
 * timeout; a longer one goes on in the background while the kept list is served.
 */
export async function inventorySnapshot(key: string, opts: { refresh?: boolean } = {}) {
  const kept = cache();
  await catchUpChanges();
  const waitMs = opts.refresh ? (findConnection(parseScopeKey(key).connectionID)?.timeoutMs ?? REFRESH_WAIT_MS) : undefined;
  return kept.get(key, { ...opts, ...(waitMs ? { waitMs } : {}) });
}

/**
 * Issue 16: a page with no list kept for `key` answers before InfluxDB does. Undefined when a list
 * is kept (inventoryPage answers at once); else the read of it, the one running (warm-up, another
 * page) or one started here, and when it started. Its failure is for whoever awaits `done`.
 */
export async function firstInventoryRead(key: string): Promise<{ startedAt: number; done: Promise<unknown> } | undefined> {
  await catchUpChanges();
  const read = cache().pending(key);
  read?.done.catch(() => undefined);
  return read;
}

/**
 * One page of the view, with pending scheduled deactivations and who minted each token (audit
 * trail, one query for the page) joined in.
 */
export async function inventoryPage(key: string, query: InventoryQuery, opts: { refresh?: boolean } = {}): Promise<InventoryPage> {
  const entry = await inventorySnapshot(key, opts);
  const { connectionID, orgID } = parseScopeKey(key);
  const sql = storage();
  const minted = query.mintedBy
    ? { ids: await tokensMintedBy(query.mintedBy, sql), exclude: query.mintedBy === OUTSIDE_THE_CONSOLE }
    : undefined;
  // Issue 13: the stored expiries before the query, which filters and sorts by them.
  const expiries = await expiriesOf(storedConnectionID(connectionID), orgID, sql);
  const now = new Date();
  const result = queryInventory(entry.value.records, query, minted, { of: (id) => expiries.get(id)?.expiresAt ?? null, now });
  const [open, minters, everyMinter] = await Promise.all([
    openSchedules(orgID, sql, storedConnectionID(connectionID)),
    mintersOf(
      result.rows.map((r) => r.id),
      sql,
    ),
    consoleMinters(sql),
  ]);
  const schedules = new Map(open.map((s) => [s.authorizationID, s]));
  const rows = result.rows.map((r) => {
    const s = schedules.get(r.id);
    const row = toRow(s ? { ...r, scheduledDeactivation: { id: s.id, dueAt: new Date(s.dueAt).toISOString() } } : r);
    return { ...row, expiry: expiryView(expiries.get(r.id), r.status, now), mintedBy: minters.get(r.id) ?? null };
  });
  return {
    rows,
    total: result.total,
    inventoryTotal: entry.value.records.length,
    page: result.page,
    pageCount: result.pageCount,
    asOf: new Date(entry.at).toISOString(),
    ...(entry.tookMs !== undefined ? { readMs: entry.tookMs } : {}),
    ...(entry.refreshing ? { refreshing: true } : {}),
    ...(entry.refreshingSince !== undefined ? { refreshingSince: new Date(entry.refreshingSince).toISOString() } : {}),
    facets: { ...facetsForPage(entry.value.facets, query), minters: everyMinter },
  };
}

/** A change through this process: applied to the kept list here, which the other processes drop. */
function change(key: string, c: InventoryChange): Promise<void> {
  cache().patch(key, c);
  return publishChange('inventory', key);
}

export const patchInventoryStatus = (key: string, id: string, status: 'active' | 'inactive', updatedAt?: string) =>
  change(key, { kind: 'status', id, status, ...(updatedAt ? { updatedAt } : {}) });

export const patchInventoryDescription = (key: string, id: string, description: string, updatedAt?: string) =>
  change(key, { kind: 'description', id, description, ...(updatedAt ? { updatedAt } : {}) });

export const removeFromInventory = (key: string, ids: readonly string[]) => change(key, { kind: 'remove', ids });

/**
 * Adds a token, or replaces the kept copy with a fresher one read from InfluxDB. `created`: the
 * console just made it, so the other processes are told; a token merely read is not news.
 */
export async function upsertInventory(key: string, token: AuthorizationSummary, opts: { created?: boolean } = {}): Promise<void> {
  if (opts.created) await change(key, { kind: 'upsert', token });
  else cache().patch(key, { kind: 'upsert', token });
}
