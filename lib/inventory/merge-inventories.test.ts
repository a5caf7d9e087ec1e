import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryInventory } from './filter';
import { mergeInventories, type InventoryPart, type Where } from './merge-inventories';
import { DEFAULT_QUERY } from './query';
import { inventoryQuerySchema } from './query-schema';
import { toInventoryRecord } from './records';
import { authorizationsArb, ORG } from './support/arbitraries';

const places: Where[] = [
  { connection: { id: 'a', label: 'production', colour: 'red' }, org: { id: ORG, name: 'acme' } },
  { connection: { id: 'a', label: 'production', colour: 'red' }, org: { id: '0c0c0c0c0c0c0c0c', name: 'org2' } },
  { connection: { id: 'b', label: 'staging', colour: 'teal' }, org: { id: ORG, name: 'acme' } },
];

const partsArb = fc.tuple(authorizationsArb, authorizationsArb, authorizationsArb).map((lists) =>
  lists.map((list, i): InventoryPart => ({
    where: places[i]!,
    records: list.map((a) => toInventoryRecord(a, { orgID: ORG, resourceTypes: ['buckets', 'dashboards'] })),
    facets: { owners: [], buckets: [], types: [] },
  })),
);

const queryArb = fc
  .record({
    q: fc.constantFrom('', 'a', 'token', 'x'),
    status: fc.constantFrom('any', 'active', 'inactive'),
    size: fc.constantFrom(25, 50, 100),
    page: fc.integer({ min: 1, max: 4 }),
  })
  .map((q) => inventoryQuerySchema.parse(q));

describe('mergeInventories', () => {
  it('finds in all of them what the same query finds in each, and says where each row lives', () => {
    fc.assert(
      fc.property(partsArb, queryArb, (parts, query) => {
        const merged = mergeInventories(parts, query);
        const perPart = parts.map((p) => queryInventory(p.records, { ...query, page: 1, size: 100_000 }).rows);
        expect(merged.total).toBe(perPart.reduce((n, rows) => n + rows.length, 0));
        expect(merged.inventoryTotal).toBe(parts.reduce((n, p) => n + p.records.length, 0));
        for (const row of merged.rows) {
          const i = places.indexOf(row.where);
          expect(i).toBeGreaterThanOrEqual(0);
          expect(perPart[i]!.some((r) => r.id === row.id)).toBe(true);
        }
      }),
    );
  });

  it('answers from the kept merge while the lists are the same, and from the new lists once one is replaced', () => {
    fc.assert(
      fc.property(partsArb, queryArb, authorizationsArb, fc.nat(2), (parts, query, more, which) => {
        const fresh = (ps: InventoryPart[]) =>
          mergeInventories(
            ps.map((p) => ({ ...p, records: [...p.records] })),
            query,
          );
        expect(mergeInventories(parts, query)).toEqual(fresh(parts));
        expect(mergeInventories(parts, query)).toEqual(fresh(parts));
        // A reload or a change makes a new list for one part: the next page must show it.
        const known = new Set(parts[which]!.records.map((r) => r.id));
        const added = more
          .filter((a) => !known.has(a.id))
          .map((a) => toInventoryRecord(a, { orgID: ORG, resourceTypes: ['buckets', 'dashboards'] }));
        const changed = parts.map((p, i) => (i === which ? { ...p, records: [...p.records.slice(1), ...added] } : p));
        const after = mergeInventories(changed, query);
        expect(after).toEqual(fresh(changed));
        expect(after.inventoryTotal).toBe(changed.reduce((n, p) => n + p.records.length, 0));
      }),
    );
  });

  it('keeps two tokens with the same id on two servers apart', () => {
    const record = (description: string) =>
      toInventoryRecord(
        { id: '0d0d0d0d0d0d0d0d', orgID: ORG, description, status: 'active', permissions: [] },
        { orgID: ORG, resourceTypes: ['buckets'] },
      );
    const merged = mergeInventories(
      [
        { where: places[0]!, records: [record('on production')], facets: { owners: [], buckets: [], types: [] } },
        { where: places[2]!, records: [record('on staging')], facets: { owners: [], buckets: [], types: [] } },
      ],
      DEFAULT_QUERY,
    );
    expect(merged.rows.map((r) => [r.where.connection.label, r.description]).sort()).toEqual([
      ['production', 'on production'],
      ['staging', 'on staging'],
    ]);
  });
});
