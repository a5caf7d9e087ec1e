// The console's own changes to a kept token list, as data, and how a batch of them is applied
// (issue 16). Applying a mint's new token on its own copied the whole list, 5 ms a mint at
// 100,000 tokens; swr-cache.ts now keeps the changes until the next read, and this applies all
// of them in one pass over the list.
//
// The result is the list as applying the changes one at a time would leave it (the property test
// says so), except where in the array a token sits: nothing reads that order, every view sorts.
import type { AuthorizationSummary } from '@/lib/influx/dto';
import { patchRecord, toInventoryRecord } from './records';
import type { InventorySnapshot } from './store';
import type { InventoryRecord } from './types';

export type InventoryChange =
  /** Adds the token, or replaces the kept copy with a fresher one read from InfluxDB. */
  | { kind: 'upsert'; token: AuthorizationSummary }
  | { kind: 'status'; id: string; status: 'active' | 'inactive'; updatedAt?: string }
  | { kind: 'description'; id: string; description: string; updatedAt?: string }
  | { kind: 'remove'; ids: readonly string[] };

type Fields = Parameters<typeof patchRecord>[1];

const fieldsOf = (c: Extract<InventoryChange, { kind: 'status' | 'description' }>): Fields => ({
  ...(c.kind === 'status' ? { status: c.status } : { description: c.description }),
  ...(c.updatedAt ? { updatedAt: c.updatedAt } : {}),
});

/** `snap` with `changes` made to it, in order; `snap` itself when they change nothing. */
export function applyInventoryChanges(snap: InventorySnapshot, changes: readonly InventoryChange[]): InventorySnapshot {
  // What the changes leave of each token they replaced or removed (null), and the field patches
  // still to make to tokens of the kept list no upsert replaced.
  const latest = new Map<string, InventoryRecord | null>();
  const patches = new Map<string, Fields[]>();
  let owners = snap.facets.owners;
  let ownerIDs: Set<string> | undefined;
  for (const c of changes) {
    if (c.kind === 'upsert') {
      const record = toInventoryRecord(c.token, snap.context);
      latest.set(record.id, record);
      patches.delete(record.id);
      const { userID } = c.token;
      ownerIDs ??= new Set(owners.map((o) => o.id));
      if (userID && !ownerIDs.has(userID)) {
        ownerIDs.add(userID);
        owners = [...owners, { id: userID, name: c.token.user ?? userID }];
      }
    } else if (c.kind === 'remove') {
      for (const id of c.ids) {
        latest.set(id, null);
        patches.delete(id);
      }
    } else if (latest.has(c.id)) {
      const record = latest.get(c.id);
      if (record) latest.set(c.id, patchRecord(record, fieldsOf(c)));
    } else {
      patches.set(c.id, [...(patches.get(c.id) ?? []), fieldsOf(c)]);
    }
  }

  let changed = false;
  const placed = new Set<string>();
  const records: InventoryRecord[] = [];
  for (const kept of snap.records) {
    const fields = patches.get(kept.id);
    if (fields) {
      records.push(fields.reduce(patchRecord, kept));
      changed = true;
    } else if (!latest.has(kept.id)) {
      records.push(kept);
    } else {
      placed.add(kept.id);
      const next = latest.get(kept.id);
      if (!next) changed = true;
      // Every token page reads its token and upserts it: the same token leaves the list (and the
      // sorted orders kept with it, filter.ts) as it is.
      else if (JSON.stringify(next) === JSON.stringify(kept)) records.push(kept);
      else {
        records.push(next);
        changed = true;
      }
    }
  }
  for (const [id, record] of latest) {
    if (record && !placed.has(id)) {
      records.push(record);
      changed = true;
    }
  }
  if (!changed && owners === snap.facets.owners) return snap;
  return {
    ...snap,
    records: changed ? records : snap.records,
    facets: owners === snap.facets.owners ? snap.facets : { ...snap.facets, owners },
  };
}
