import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { carryOrders, matches, queryInventory, sortRecords } from './filter';
import { DEFAULT_QUERY, SORT_KEYS, type InventoryQuery } from './query';
import { toInventoryRecord } from './records';
import { BUCKETS, ORG, OWNERS, authorizationsArb } from './support/arbitraries';
import type { InventoryRecord } from './types';

const ctx = {
  orgID: ORG,
  resourceTypes: ['buckets', 'dashboards', 'tasks', 'telegrafs', 'authorizations', 'secrets', 'users', 'orgs', 'variables'],
};
const recordsArb = authorizationsArb.map((list) => list.map((a) => toInventoryRecord(a, ctx)));

const filterArb: fc.Arbitrary<InventoryQuery> = fc
  .record({
    q: fc.constantFrom('', 'ops', 'ana', 'CI writer', 'grafana READ', 'x'),
    status: fc.constantFrom('any' as const, 'active' as const, 'inactive' as const),
    owner: fc.option(fc.constantFrom(...OWNERS.map((o) => o.id)), { nil: undefined }),
    type: fc.option(fc.constantFrom('buckets', 'secrets', 'telegrafs'), { nil: undefined }),
    canWrite: fc.option(fc.constantFrom(...BUCKETS), { nil: undefined }),
    canRead: fc.option(fc.constantFrom(...BUCKETS), { nil: undefined }),
    sensitive: fc.boolean(),
    sort: fc.constantFrom(...SORT_KEYS),
    dir: fc.constantFrom('asc' as const, 'desc' as const),
    page: fc.integer({ min: 1, max: 5 }),
    size: fc.constantFrom(25, 50),
  })
  .map((q) => ({ ...DEFAULT_QUERY, ...q }));

function allPages(records: InventoryRecord[], q: InventoryQuery): InventoryRecord[] {
  const first = queryInventory(records, { ...q, page: 1 });
  const out = [...first.rows];
  for (let p = 2; p <= first.pageCount; p++) out.push(...queryInventory(records, { ...q, page: p }).rows);
  return out;
}

describe('queryInventory', () => {
  it('returns only matching records, and counts all of them', () => {
    fc.assert(
      fc.property(recordsArb, filterArb, (records, q) => {
        const res = queryInventory(records, q);
        expect(res.rows.every((r) => matches(r, q))).toBe(true);
        expect(res.total).toBe(records.filter((r) => matches(r, q)).length);
        expect(res.rows.length).toBeLessThanOrEqual(q.size);
      }),
    );
  });

  it('pages partition the filtered list: every match once, in sorted order', () => {
    fc.assert(
      fc.property(recordsArb, filterArb, (records, q) => {
        const pages = allPages(records, { ...q, size: 25 });
        const expected = sortRecords(
          records.filter((r) => matches(r, q)),
          q.sort,
          q.dir,
        );
        expect(pages.map((r) => r.id)).toEqual(expected.map((r) => r.id));
        expect(new Set(pages.map((r) => r.id)).size).toBe(pages.length);
      }),
    );
  });

  it('answers each of many views of one kept list as it would on a list asked for the first time', () => {
    // The sorted orders a list keeps between requests must not carry one view into another.
    fc.assert(
      fc.property(recordsArb, fc.array(filterArb, { minLength: 2, maxLength: 6 }), (records, views) => {
        for (const view of views)
          for (const q of [view, { ...view, dir: view.dir === 'asc' ? ('desc' as const) : ('asc' as const) }, view])
            expect(queryInventory(records, q)).toEqual(queryInventory([...records], q));
      }),
    );
  });

  it('clamps a page past the end to the last page', () => {
    fc.assert(
      fc.property(recordsArb, filterArb, (records, q) => {
        const res = queryInventory(records, { ...q, page: 10_000 });
        expect(res.page).toBe(res.pageCount);
        if (res.total > 0) expect(res.rows.length).toBeGreaterThan(0);
      }),
    );
  });

  it('a further filter never widens the result', () => {
    fc.assert(
      fc.property(recordsArb, filterArb, fc.constantFrom(...BUCKETS), (records, q, bucket) => {
        const base = queryInventory(records, q).total;
        // each added filter must be one the view did not already set (a new value replaces the old)
        if (!q.canWrite) expect(queryInventory(records, { ...q, canWrite: bucket }).total).toBeLessThanOrEqual(base);
        expect(queryInventory(records, { ...q, sensitive: true }).total).toBeLessThanOrEqual(base);
        // status replaces status, so it only narrows from "any"
        if (q.status === 'any') expect(queryInventory(records, { ...q, status: 'inactive' }).total).toBeLessThanOrEqual(base);
      }),
    );
  });

  it('orders as one comparison of the key, then the id, would (the collator’s ties included)', () => {
    const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
    const byKey = (key: (typeof SORT_KEYS)[number], a: InventoryRecord, b: InventoryRecord) =>
      key === 'created'
        ? a.createdMs - b.createdMs
        : key === 'updated'
          ? a.updatedMs - b.updatedMs
          : key === 'description'
            ? collator.compare(a.description, b.description)
            : key === 'owner'
              ? collator.compare(a.ownerName ?? '', b.ownerName ?? '')
              : key === 'status'
                ? (a.status === 'active' ? 0 : 1) - (b.status === 'active' ? 0 : 1)
                : 0;
    const tied = fc.constantFrom('', 'a', 'A', 'á', 'b', 'device 1', 'device 01', 'device 10', 'Device 2', 'ops', 'Ops ');
    const listArb = fc.tuple(recordsArb, fc.array(fc.tuple(tied, tied, fc.integer({ min: 0, max: 3 })))).map(([records, names]) =>
      records.map((r, i) => {
        const [description, owner, at] = names[i % Math.max(1, names.length)] ?? [r.description, r.ownerName ?? '', 0];
        return { ...r, description, ownerName: owner, createdMs: at, updatedMs: 3 - at };
      }),
    );
    fc.assert(
      fc.property(
        listArb,
        fc.constantFrom(...SORT_KEYS.filter((k) => k !== 'expires')),
        fc.constantFrom('asc' as const, 'desc' as const),
        (records, key, dir) => {
          const sign = dir === 'asc' ? 1 : -1;
          const expected = [...records].sort((a, b) => sign * byKey(key, a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
          expect(sortRecords(records, key, dir).map((r) => r.id)).toEqual(expected.map((r) => r.id));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sorts by the chosen key, both ways, ties broken by id', () => {
    fc.assert(
      fc.property(recordsArb, fc.constantFrom(...SORT_KEYS), (records, key) => {
        const asc = sortRecords(records, key, 'asc');
        const desc = sortRecords(records, key, 'desc');
        for (let i = 1; i < asc.length; i++) {
          const [a, b] = [asc[i - 1]!, asc[i]!];
          if (key === 'created') expect(a.createdMs).toBeLessThanOrEqual(b.createdMs);
          if (key === 'updated') expect(a.updatedMs).toBeLessThanOrEqual(b.updatedMs);
          if (key === 'status' && a.status === 'inactive') expect(b.status).toBe('inactive');
        }
        expect(asc.length).toBe(records.length);
        expect(new Set(desc.map((r) => r.id))).toEqual(new Set(asc.map((r) => r.id)));
      }),
    );
  });
});

describe('carryOrders', () => {
  // Keys that tie often (the collator's ties included), so the id must break them in the merge too.
  const tied = fc.constantFrom('', 'a', 'A', 'á', 'b', 'device 1', 'device 01', 'device 10', 'Device 2');
  const withTies = (records: InventoryRecord[], names: [string, string, number, boolean][]) =>
    records.map((r, i) => {
      const [description, owner, at, active] = names[i % Math.max(1, names.length)] ?? [r.description, r.ownerName ?? '', 0, true];
      const status = active ? ('active' as const) : ('inactive' as const);
      return { ...r, description, search: description.toLowerCase(), ownerName: owner, status, createdMs: at, updatedMs: 3 - at };
    });
  const namesArb = fc.array(fc.tuple(tied, tied, fc.integer({ min: 0, max: 3 }), fc.boolean()));
  const caseArb = fc
    .tuple(recordsArb, namesArb, recordsArb, namesArb)
    .chain(([before, names, more, moreNames]) => {
      const from = withTies(before, names);
      // New records: fresh ids, or a changed copy of a kept token (a patch replaces the record).
      const fresh = withTies(more, moreNames).filter((r) => !from.some((f) => f.id === r.id));
      return fc.tuple(fc.constant(from), fc.subarray(from), fc.constant(fresh), fc.subarray(from), tied, filterArb);
    })
    .map(([from, gone, fresh, patched, word, q]) => {
      const removed = new Set([...gone, ...patched]);
      const added = [...fresh, ...patched.filter((r) => !gone.includes(r)).map((r) => ({ ...r, description: word }))];
      return { from, removed, added, q };
    });
  const views = SORT_KEYS.filter((k) => k !== 'expires').flatMap((sort) =>
    (['asc', 'desc'] as const).map((dir) => ({ ...DEFAULT_QUERY, sort, dir, size: 100 })),
  );

  it('gives the changed list the orders a sort of it would, for every kept order', () => {
    fc.assert(
      fc.property(caseArb, ({ from, removed, added, q }) => {
        for (const view of views) queryInventory(from, view); // every order kept for `from`
        const to = [...from.filter((r) => !removed.has(r)), ...added].reverse();
        expect(carryOrders(from, to, removed, added).sort()).toEqual(['id', ...views.map((v) => `${v.sort} ${v.dir}`)].sort());
        for (const view of [...views, q]) expect(queryInventory(to, view)).toEqual(queryInventory([...to], view));
      }),
      { numRuns: 300 },
    );
  });

  it('are one set per process, however many copies of this module Next.js loads', async () => {
    // The cache that applies a change (loaded by instrumentation.ts) and the page that reads the
    // list run different copies of this file: orders kept by one must be found by the other.
    const records = Array.from({ length: 30 }, (_, i) =>
      toInventoryRecord(
        { id: `d${String(i).padStart(15, '0')}`, description: `device ${i}`, status: 'active', orgID: ORG, permissions: [] },
        ctx,
      ),
    );
    queryInventory(records, DEFAULT_QUERY);
    vi.resetModules();
    const other = await import('./filter');
    expect(other.keptOrderNames(records).sort()).toEqual(['created desc', 'id']);
  });

  it('carries nothing when the diff does not account for the list', () => {
    fc.assert(
      fc.property(caseArb, ({ from, removed, added }) => {
        fc.pre(removed.size > 0);
        queryInventory(from, DEFAULT_QUERY);
        const to = [...from.filter((r) => !removed.has(r)), ...added];
        expect(carryOrders(from, to, new Set([...removed].slice(1)), added)).toEqual([]);
        expect(queryInventory(to, DEFAULT_QUERY)).toEqual(queryInventory([...to], DEFAULT_QUERY));
      }),
    );
  });
});

describe('"can write to bucket X" and "can read bucket X"', () => {
  it('match exactly the tokens with that action on that bucket, type-wide in the org, or operator-wide', () => {
    fc.assert(
      fc.property(
        authorizationsArb,
        fc.constantFrom(...BUCKETS),
        fc.constantFrom('read' as const, 'write' as const),
        (auths, bucket, action) => {
          const q = { ...DEFAULT_QUERY, size: 100, [action === 'write' ? 'canWrite' : 'canRead']: bucket };
          const records = auths.map((a) => toInventoryRecord(a, ctx));
          const found = new Set(allPages(records, q).map((r) => r.id));
          for (const a of auths) {
            const can = a.permissions.some(
              (p) =>
                p.action === action &&
                p.resource.type === 'buckets' &&
                (p.resource.id === bucket || (!p.resource.id && (!p.resource.orgID || p.resource.orgID === ORG))),
            );
            expect(found.has(a.id)).toBe(can);
          }
        },
      ),
    );
  });

  it('does not count a bucket type-wide grant of another org', () => {
    const rec = toInventoryRecord(
      {
        id: 'c000000000000001',
        description: 'other',
        status: 'active',
        orgID: ORG,
        permissions: [{ action: 'write', resource: { type: 'buckets', orgID: '0b0b0b0b0b0b0b0b' } }],
      },
      ctx,
    );
    expect(matches(rec, { ...DEFAULT_QUERY, canWrite: BUCKETS[0] })).toBe(false);
  });
});

describe('search', () => {
  it('finds by description and owner name, case-insensitively, every word anywhere', () => {
    const mk = (id: string, description: string, user: string) =>
      toInventoryRecord({ id, description, status: 'active', orgID: ORG, userID: 'a000000000000001', user, permissions: [] }, ctx);
    const records = [mk('c000000000000001', 'Telegraf writer for site 12', 'ana'), mk('c000000000000002', 'Grafana reader', 'bo')];
    const ids = (q: string) => queryInventory(records, { ...DEFAULT_QUERY, q }).rows.map((r) => r.id);
    expect(ids('telegraf')).toEqual(['c000000000000001']);
    expect(ids('BO')).toEqual(['c000000000000002']);
    expect(ids('writer ana')).toEqual(['c000000000000001']);
    expect(ids('writer bo')).toEqual([]);
    expect(ids('c000000000000002')).toEqual(['c000000000000002']);
    expect(ids('c00000')).toEqual(['c000000000000001', 'c000000000000002']);
    expect(ids('0')).toEqual([]); // a short digit does not match every id
  });
});

describe('minted by', () => {
  it('keeps the tokens in the set, or (outside the console) every token not in it', () => {
    const mk = (id: string) => toInventoryRecord({ id, description: id, status: 'active', orgID: ORG, permissions: [] }, ctx);
    const records = [mk('c000000000000001'), mk('c000000000000002'), mk('c000000000000003')];
    const ids = new Set(['c000000000000002']);
    const pick = (exclude: boolean) =>
      queryInventory(records, { ...DEFAULT_QUERY, mintedBy: 'x', sort: 'description', dir: 'asc' }, { ids, exclude }).rows.map((r) => r.id);
    expect(pick(false)).toEqual(['c000000000000002']);
    expect(pick(true)).toEqual(['c000000000000001', 'c000000000000003']);
  });
});
