import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUERY,
  PAGE_SIZES,
  SORT_KEYS,
  STATUS_FILTERS,
  inventoryQueryString,
  inventoryQueryToParams,
  looksLikeTokenValue,
  normaliseInventoryQuery,
  parseInventoryQuery,
  withChange,
  type InventoryQuery,
} from './query';
import { inventoryQuerySchema } from './query-schema';
import { BUCKETS, OWNERS } from './support/arbitraries';

const queryArb: fc.Arbitrary<InventoryQuery> = fc.record({
  q: fc
    .string({ maxLength: 40 })
    .map((s) => s.trim())
    .filter((s) => !looksLikeTokenValue(s)),
  status: fc.constantFrom(...STATUS_FILTERS),
  owner: fc.option(fc.constantFrom(...OWNERS.map((o) => o.id)), { nil: undefined }),
  type: fc.option(fc.constantFrom('buckets', 'dashboards', 'notificationRules'), { nil: undefined }),
  canWrite: fc.option(fc.constantFrom(...BUCKETS), { nil: undefined }),
  canRead: fc.option(fc.constantFrom(...BUCKETS), { nil: undefined }),
  sensitive: fc.boolean(),
  sort: fc.constantFrom(...SORT_KEYS),
  dir: fc.constantFrom('asc' as const, 'desc' as const),
  page: fc.integer({ min: 1, max: 500 }),
  size: fc.constantFrom(...PAGE_SIZES),
});

const strip = (q: InventoryQuery) => JSON.parse(JSON.stringify(q));

describe('inventory query in the URL', () => {
  it('round-trips every valid view through the query string', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const back = parseInventoryQuery(new URLSearchParams(inventoryQueryString(q)));
        expect(strip(back)).toEqual(strip(q));
      }),
    );
  });

  it('is canonical: equal views give equal strings, defaults are left out', () => {
    expect(inventoryQueryString(DEFAULT_QUERY)).toBe('');
    fc.assert(
      fc.property(queryArb, (q) => {
        const s = inventoryQueryString(q);
        expect(inventoryQueryString(parseInventoryQuery(new URLSearchParams(s)))).toBe(s);
      }),
    );
  });

  it('never throws on hand-edited links and falls back to defaults', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('q', 'status', 'owner', 'type', 'write', 'read', 'sensitive', 'sort', 'dir', 'page', 'size', 'x'),
          fc.string(),
        ),
        (params) => {
          const q = parseInventoryQuery(params);
          expect(STATUS_FILTERS).toContain(q.status);
          expect(PAGE_SIZES).toContain(q.size);
          expect(q.page).toBeGreaterThanOrEqual(1);
        },
      ),
    );
    const q = parseInventoryQuery({ status: 'nope', page: '-3', size: '7', sort: 'token', write: 'not-an-id', owner: "'; drop" });
    expect(strip(q)).toEqual(strip(DEFAULT_QUERY));
  });

  it('reads Next searchParams records, taking the first of repeated keys', () => {
    const q = parseInventoryQuery({ q: ['ops', 'other'], status: 'inactive', sensitive: '1', write: BUCKETS[0] });
    expect(q).toMatchObject({ q: 'ops', status: 'inactive', sensitive: true, canWrite: BUCKETS[0] });
  });

  it('never puts something that looks like a token value into the URL', () => {
    const token = 'cB5pSR7WlVtrF1yFbOuDGRGxn4aeRbQ8kOk6pM8Wvz6kUMw37XxJHbBPFZ2OwU4BkQDVfr57iMt-z_Dx2ojTbA==';
    expect(looksLikeTokenValue(token)).toBe(true);
    expect(parseInventoryQuery({ q: token }).q).toBe('');
    expect(parseInventoryQuery({ q: `find ${token}` }).q).toBe('');
    expect(inventoryQueryToParams({ ...DEFAULT_QUERY, q: token }).toString()).toBe('');
    expect(looksLikeTokenValue('ops telegraf writer for site 12')).toBe(false);
  });

  it('goes back to page 1 when anything but the page changes', () => {
    fc.assert(
      fc.property(queryArb, fc.constantFrom(...STATUS_FILTERS), (q, status) => {
        expect(withChange(q, { status }).page).toBe(1);
        expect(withChange(q, { page: 3 }).page).toBe(3);
      }),
    );
  });

  it('reads any view state exactly as the list action’s schema does (the browser has no zod)', () => {
    const token = 'A1b2'.repeat(12);
    const value = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(
        '',
        ' ',
        token,
        'created',
        'owner',
        'asc',
        'desc',
        'active',
        'inactive',
        'any',
        'buckets',
        'local:ada',
        '0123456789abcdef',
      ),
      fc.constantFrom(...OWNERS, ...BUCKETS),
      fc.string({ maxLength: 210 }),
      fc.constantFrom('x'.repeat(200), ` ${'x'.repeat(199)}`, 'x'.repeat(201)),
      fc.integer({ min: -5, max: 200_000 }),
      fc.constantFrom(...PAGE_SIZES, 0, 1, 100_000, 100_001, 1.5, Number.NaN, Infinity),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    const keys = [
      'q',
      'status',
      'owner',
      'type',
      'canWrite',
      'canRead',
      'sensitive',
      'mintedBy',
      'sort',
      'dir',
      'page',
      'size',
      'other',
    ] as const;
    fc.assert(
      fc.property(fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] }), (raw) => {
        expect(normaliseInventoryQuery(raw)).toEqual(inventoryQuerySchema.parse(raw));
      }),
      { numRuns: 2000 },
    );
  });
});
