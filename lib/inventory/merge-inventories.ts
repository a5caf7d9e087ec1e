// The all-connections view's list: every kept inventory (one per connection and org) as one list,
// filtered, sorted and paged with the same query as one org's list, each row naming where it
// lives. Pure, so the merge is tested on its own.
import type { ConnectionColour } from '@/lib/connections/model';
import { queryInventory, type MintedFilter } from './filter';
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

export function mergeInventories(parts: readonly InventoryPart[], query: InventoryQuery, minted?: MintedFilter): MergedPage {
  // Token ids are unique on one server, not across servers (a staging restored from production
  // has the same ones): each record is tagged with where it came from before the merge.
  const where = new Map<InventoryRecord, Where>();
  const all: InventoryRecord[] = [];
  for (const part of parts) {
    for (const r of part.records) {
      where.set(r, part.where);
      all.push(r);
    }
  }
  const result = queryInventory(all, query, minted);
  return {
    rows: result.rows.map((r) => ({ ...toRow(r), where: where.get(r)! })),
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
