// The inventory's expiry filter and sort (issue 13) over generated token lists and expiries: the
// filter keeps exactly the tokens whose stored expiry is in the bucket, the sort puts the soonest
// first and tokens without an expiry last, and paging through the result loses nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesExpiryFilter } from '@/lib/lifetimes/expiry-status';
import { queryInventory, type ExpiryLookup } from './filter';
import { DEFAULT_QUERY, EXPIRY_FILTERS, inventoryQueryString, parseInventoryQuery } from './query';
import { inventoryQuerySchema } from './query-schema';
import { toInventoryRecord } from './records';
import { ORG, authorizationsArb } from './support/arbitraries';

const DAY = 86_400_000;
const NOW = new Date('2026-11-30T12:00:00.000Z');
const ctx = { orgID: ORG, resourceTypes: ['buckets', 'authorizations', 'tasks'] };

/** Records with an expiry each (or none): from 10 days ago to 60 days ahead. */
const listArb = authorizationsArb.chain((list) =>
  fc
    .array(fc.option(fc.integer({ min: -10 * DAY, max: 60 * DAY }), { nil: null }), { minLength: list.length, maxLength: list.length })
    .map((offsets) => {
      const records = list.map((a) => toInventoryRecord(a, ctx));
      const byId = new Map(records.map((r, i) => [r.id, offsets[i] == null ? null : new Date(NOW.getTime() + offsets[i]).toISOString()]));
      const lookup: ExpiryLookup = { of: (id) => byId.get(id) ?? null, now: NOW };
      return { records, lookup };
    }),
);

describe('inventory expiry filter and sort', () => {
  it('keeps exactly the tokens in the chosen bucket', () => {
    fc.assert(
      fc.property(listArb, fc.constantFrom(...EXPIRY_FILTERS), ({ records, lookup }, expiry) => {
        const r = queryInventory(records, { ...DEFAULT_QUERY, expiry, size: 100 }, undefined, lookup);
        const want = records.filter((x) => matchesExpiryFilter(expiry, lookup.of(x.id), NOW)).map((x) => x.id);
        expect(r.total).toBe(want.length);
        if (r.pageCount === 1) expect(r.rows.map((x) => x.id).sort()).toEqual(want.sort());
      }),
    );
  });

  it('sorts by expiry: soonest first, no expiry last; descending is the reverse', () => {
    fc.assert(
      fc.property(listArb, ({ records, lookup }) => {
        const asc = queryInventory(records, { ...DEFAULT_QUERY, sort: 'expires', dir: 'asc', size: 100 }, undefined, lookup).rows;
        const times = asc.map((x) => lookup.of(x.id)).map((t) => (t === null ? Infinity : Date.parse(t)));
        for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
        const desc = queryInventory(records, { ...DEFAULT_QUERY, sort: 'expires', dir: 'desc', size: 100 }, undefined, lookup).rows;
        const back = desc.map((x) => lookup.of(x.id)).map((t) => (t === null ? Infinity : Date.parse(t)));
        for (let i = 1; i < back.length; i++) expect(back[i]!).toBeLessThanOrEqual(back[i - 1]!);
      }),
    );
  });

  it('the filter and sort live in the URL, and the action schema reads them the same way', () => {
    for (const expiry of EXPIRY_FILTERS) {
      const qs = inventoryQueryString({ ...DEFAULT_QUERY, expiry, sort: 'expires', dir: 'asc' });
      expect(qs).toContain(`expires=${expiry}`);
      const back = parseInventoryQuery(new URLSearchParams(qs));
      expect(back).toMatchObject({ expiry, sort: 'expires', dir: 'asc' });
      expect(inventoryQuerySchema.parse({ expiry, sort: 'expires' })).toMatchObject({ expiry, sort: 'expires' });
    }
    expect(parseInventoryQuery(new URLSearchParams('expires=tomorrow')).expiry).toBeUndefined();
    expect(inventoryQuerySchema.parse({ expiry: 'tomorrow' }).expiry).toBeUndefined();
  });
});
