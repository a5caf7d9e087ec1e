import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keptOrderNames, queryInventory } from './filter';
import { applyInventoryChanges, type InventoryChange } from './kept-changes';
import { DEFAULT_QUERY, SORT_KEYS } from './query';
import { patchRecord, toInventoryRecord } from './records';
import type { InventorySnapshot } from './store';
import { ORG, TYPES, authorizationArb, authorizationsArb, isoArb } from './support/arbitraries';
import type { InventoryRecord } from './types';

const context = { orgID: ORG, resourceTypes: TYPES };

function snapshotOf(tokens: Parameters<typeof toInventoryRecord>[0][]): InventorySnapshot {
  const records = tokens.map((a) => toInventoryRecord(a, context));
  const owners = new Map<string, string>();
  for (const r of records) if (r.ownerID) owners.set(r.ownerID, r.ownerName ?? r.ownerID);
  return { records, context, facets: { owners: [...owners].map(([id, name]) => ({ id, name })), buckets: [], types: [] } };
}

// The changes one at a time, as store.ts made them before they were batched: the reference.
function applyOne(snap: InventorySnapshot, c: InventoryChange): InventorySnapshot {
  const mapRecords = (fn: (r: InventoryRecord) => InventoryRecord) => ({ ...snap, records: snap.records.map(fn) });
  switch (c.kind) {
    case 'upsert': {
      const record = toInventoryRecord(c.token, snap.context);
      const kept = snap.records.find((r) => r.id === c.token.id);
      if (kept && JSON.stringify(kept) === JSON.stringify(record)) return snap;
      const owners =
        c.token.userID && !snap.facets.owners.some((o) => o.id === c.token.userID)
          ? [...snap.facets.owners, { id: c.token.userID, name: c.token.user ?? c.token.userID }]
          : snap.facets.owners;
      return {
        ...snap,
        records: kept ? snap.records.map((r) => (r.id === c.token.id ? record : r)) : [...snap.records, record],
        facets: { ...snap.facets, owners },
      };
    }
    case 'status':
      return mapRecords((r) =>
        r.id === c.id ? patchRecord(r, { status: c.status, ...(c.updatedAt ? { updatedAt: c.updatedAt } : {}) }) : r,
      );
    case 'description':
      return mapRecords((r) =>
        r.id === c.id ? patchRecord(r, { description: c.description, ...(c.updatedAt ? { updatedAt: c.updatedAt } : {}) }) : r,
      );
    case 'remove':
      return { ...snap, records: snap.records.filter((r) => !c.ids.includes(r.id)) };
  }
}

const byId = (records: readonly InventoryRecord[]) => [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

// A kept list and changes that mostly touch its tokens (and a few new ones), in any order.
const caseArb = authorizationsArb.chain((tokens) => {
  const ids = tokens.map((t) => t.id);
  const idArb = ids.length
    ? fc.oneof(fc.constantFrom(...ids), fc.constantFrom('f000000000000001', 'f000000000000002'))
    : fc.constant('f000000000000001');
  const upsertArb = fc.oneof(
    authorizationArb,
    // A fresher copy of a kept token, or the very same one (a token page reading its token).
    ...(tokens.length
      ? [fc.constantFrom(...tokens), fc.tuple(fc.constantFrom(...tokens), isoArb).map(([t, updatedAt]) => ({ ...t, updatedAt }))]
      : []),
    idArb.chain((id) => authorizationArb.map((t) => ({ ...t, id }))),
  );
  const changeArb: fc.Arbitrary<InventoryChange> = fc.oneof(
    upsertArb.map((token) => ({ kind: 'upsert' as const, token })),
    fc.record({ kind: fc.constant('status' as const), id: idArb, status: fc.constantFrom('active' as const, 'inactive' as const) }),
    fc.record({ kind: fc.constant('description' as const), id: idArb, description: fc.string({ maxLength: 12 }), updatedAt: isoArb }),
    fc.uniqueArray(idArb, { maxLength: 3 }).map((ids) => ({ kind: 'remove' as const, ids })),
  );
  return fc.tuple(fc.constant(snapshotOf(tokens)), fc.array(changeArb, { maxLength: 25 }));
});

describe('applyInventoryChanges', () => {
  it('leaves the list as making the changes one at a time does (the order within the array aside)', () => {
    fc.assert(
      fc.property(caseArb, ([snap, changes]) => {
        const batched = applyInventoryChanges(snap, changes);
        const oneByOne = changes.reduce(applyOne, snap);
        expect(byId(batched.records)).toEqual(byId(oneByOne.records));
        expect(batched.facets).toEqual(oneByOne.facets);
      }),
      { numRuns: 500 },
    );
  });

  it('returns the same snapshot, and so keeps its sorted orders, when the changes change nothing', () => {
    fc.assert(
      fc.property(authorizationsArb, (tokens) => {
        const snap = snapshotOf(tokens);
        const rereads = tokens.map((token) => ({ kind: 'upsert' as const, token }));
        expect(applyInventoryChanges(snap, rereads)).toBe(snap);
        expect(applyInventoryChanges(snap, [])).toBe(snap);
      }),
    );
  });

  it('hands the new list the sorted orders of the old one, as sorting it would make them', () => {
    const views = SORT_KEYS.filter((k) => k !== 'expires').flatMap((sort) =>
      (['asc', 'desc'] as const).map((dir) => ({ ...DEFAULT_QUERY, sort, dir, size: 100 })),
    );
    fc.assert(
      fc.property(caseArb, fc.subarray(views, { minLength: 1 }), ([snap, changes], asked) => {
        for (const view of asked) queryInventory(snap.records, view);
        const after = applyInventoryChanges(snap, changes).records;
        if (after === snap.records) return;
        expect(keptOrderNames(after).sort()).toEqual(keptOrderNames(snap.records).sort());
        for (const view of views) expect(queryInventory(after, view)).toEqual(queryInventory([...after], view));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the records of tokens no change touched', () => {
    fc.assert(
      fc.property(caseArb, ([snap, changes]) => {
        const touched = new Set(changes.flatMap((c) => (c.kind === 'upsert' ? [c.token.id] : c.kind === 'remove' ? c.ids : [c.id])));
        const after = new Map(applyInventoryChanges(snap, changes).records.map((r) => [r.id, r]));
        for (const r of snap.records) if (!touched.has(r.id)) expect(after.get(r.id)).toBe(r);
      }),
      { numRuns: 200 },
    );
  });
});
