// The console's own changes to a kept token list, as data, and how a batch of them is applied
// (issue 16). Applying a mint's new token on its own copied the whole list, 5 ms a mint at
// 100,000 tokens; swr-cache.ts now keeps the changes until the next read, and this applies all
// of them in one pass over the list.
//
// The result is the list as applying the changes one at a time would leave it (the property test
// says so), except where in the array a token sits: nothing reads that order, every view sorts.
// The sorted orders kept for the old list are carried over to the new one (filter.ts carryOrders),
// so the page after a mint does not sort every token again.
import type { AuthorizationSummary } from '@/lib/influx/dto';
import { carryOrders, recordWithId } from './filter';
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

  // The records of the old list the new one drops or replaces, and those it adds in their place.
  const removed = new Set<InventoryRecord>();
  const added: InventoryRecord[] = [];
  const replace = (kept: InventoryRecord, next: InventoryRecord | null) => {
    removed.add(kept);
    if (next) added.push(next);
  };
  // Only the tokens the changes name are looked at, each found by its id (filter.ts keeps the
  // list's id order): a mint into an org of 100,000 tokens does not walk all of them.
  for (const id of new Set([...latest.keys(), ...patches.keys()])) {
    const kept = recordWithId(snap.records, id);
    const fields = patches.get(id);
    if (!kept) {
      const record = latest.get(id);
      if (record) added.push(record);
    } else if (fields) replace(kept, fields.reduce(patchRecord, kept));
    else {
      const next = latest.get(id) ?? null;
      // Every token page reads its token and upserts it: the same token leaves the list (and the
      // sorted orders kept with it) as it is.
      if (!next || JSON.stringify(next) !== JSON.stringify(kept)) replace(kept, next);
    }
  }

  const changed = removed.size > 0 || added.length > 0;
  if (!changed && owners === snap.facets.owners) return snap;
  let records = snap.records;
  if (changed) {
    // A mint only adds: one copy of the list, sized once.
    const staying = removed.size > 0 ? snap.records.filter((r) => !removed.has(r)) : snap.records;
    records = staying.concat(added);
    carryOrders(snap.records, records, removed, added);
  }
  return { ...snap, records, facets: owners === snap.facets.owners ? snap.facets : { ...snap.facets, owners } };
}
