// The all-connections view's list: every kept inventory (one per connection and org) as one list,
// filtered, sorted and paged with the same query as one org's list, each row naming where it
// lives. Pure, so the merge is tested on its own.
import type { ConnectionColour } from '@/lib/connections/model';
import { queryInventory, recordWithId, type MintedFilter } from './filter';
import { facetsForPage } from './facet-choices';
import type { InventoryQuery } from './query';
import { toRow } from './records';
import type { InventoryFacets, InventoryRecord, InventoryRow } from './types';

export interface Where {
  connection: { id: string; label: string; colour: ConnectionColour };
  org: { id: string; name: string };
}

export interface InventoryPart {
  where: Where;
  records: readonly InventoryRecord[];
  facets: InventoryFacets;
}

export type WhereRow = InventoryRow & { where: Where };

export interface MergedPage {
  rows: WhereRow[];
  total: number;
  inventoryTotal: number;
  page: number;
  pageCount: number;
  facets: InventoryFacets;
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

function unionBy<T extends { id: string; name: string }>(lists: readonly (readonly T[])[]): T[] {
  const seen = new Map<string, T>();
  for (const list of lists) for (const item of list) if (!seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()].sort(byName);
}

// The merged list is kept while every part is the same list (a kept list changes only with a
// reload or a change through the console), so it stays the same array and filter.ts keeps its
// sorted orders: a page or a poll is then a slice, not a merge and a sort of every token (at
// 100,000 tokens 30-70 ms and about 8 MB for the collector, each time). Keyed weakly by the first
// part's list: a replaced list lets go of its merge.
const merges = new WeakMap<readonly InventoryRecord[], { lists: readonly (readonly InventoryRecord[])[]; all: InventoryRecord[] }>();

function mergedList(lists: readonly (readonly InventoryRecord[])[]): InventoryRecord[] {
  if (lists.length === 0) return [];
  const kept = merges.get(lists[0]!);
  if (kept && kept.lists.length === lists.length && kept.lists.every((l, i) => l === lists[i])) return kept.all;
  const all = ([] as InventoryRecord[]).concat(...lists);
  merges.set(lists[0]!, { lists, all });
  return all;
}

export function mergeInventories(parts: readonly InventoryPart[], query: InventoryQuery, minted?: MintedFilter): MergedPage {
  const all = mergedList(parts.map((p) => p.records));
  const result = queryInventory(all, query, minted);
  // Token ids are unique on one server, not across servers (a staging restored from production
  // has the same ones): a row's place is the part that holds that very record.
  const whereOf = (r: InventoryRecord) => parts.find((p) => recordWithId(p.records, r.id) === r)!.where;
  return {
    rows: result.rows.map((r) => ({ ...toRow(r), where: whereOf(r) })),
    total: result.total,
    inventoryTotal: all.length,
    page: result.page,
    pageCount: result.pageCount,
    facets: facetsForPage(
      {
        owners: unionBy(parts.map((p) => p.facets.owners)),
        buckets: unionBy(parts.map((p) => p.facets.buckets)),
        types: [...new Set(parts.flatMap((p) => p.facets.types))].sort(),
      },
      query,
    ),
  };
}
