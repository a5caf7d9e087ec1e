import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choicesFor, facetsForPage, MOST_BUCKET_CHOICES, MOST_OWNER_CHOICES } from './facet-choices';

const choicesArb = fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[0-9a-f]{16}$/), name: fc.string({ maxLength: 10 }) }), {
  selector: (c) => c.id,
  maxLength: 40,
});

describe('choicesFor', () => {
  it('shows every choice up to the limit, else the first by name and the chosen one, and counts the rest', () => {
    fc.assert(
      fc.property(choicesArb, fc.nat({ max: 12 }), fc.option(fc.nat(), { nil: undefined }), (all, most, pick) => {
        const selected = pick === undefined || all.length === 0 ? undefined : all[pick % all.length]!.id;
        const { shown, more } = choicesFor(all, selected, most);
        expect(shown.length + more).toBe(all.length);
        expect(new Set(shown.map((c) => c.id)).size).toBe(shown.length);
        for (const c of shown) expect(all).toContainEqual(c);
        if (all.length <= most) expect(shown).toEqual(all);
        else {
          expect(shown.length).toBeLessThanOrEqual(most + 1);
          const firstByName = [...all].sort((a, b) => a.name.localeCompare(b.name)).slice(0, most);
          expect(shown.slice(0, most)).toEqual(firstByName);
        }
        if (selected) expect(shown.map((c) => c.id)).toContain(selected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('facetsForPage', () => {
  const many = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: `${prefix}${String(i).padStart(15, '0')}`,
      name: `${prefix}-${String(i).padStart(6, '0')}`,
    }));

  it('carries at most the limits of owners and buckets, the chosen ones, and how many it left out', () => {
    const owners = many('a', 100_000);
    const buckets = many('b', 5_000);
    const facets = facetsForPage(
      { owners, buckets, types: ['buckets'] },
      { owner: owners[99_999]!.id, canWrite: buckets[4_000]!.id, canRead: buckets[4_001]!.id },
    );
    expect(facets.owners).toHaveLength(MOST_OWNER_CHOICES + 1);
    expect(facets.owners.map((o) => o.id)).toContain(owners[99_999]!.id);
    expect(facets.ownersLeftOut).toBe(100_000 - MOST_OWNER_CHOICES - 1);
    expect(facets.buckets.map((b) => b.id)).toEqual(expect.arrayContaining([buckets[4_000]!.id, buckets[4_001]!.id]));
    expect(facets.buckets).toHaveLength(MOST_BUCKET_CHOICES + 2);
    expect(facets.bucketsLeftOut).toBe(5_000 - MOST_BUCKET_CHOICES - 2);
    expect(facets.types).toEqual(['buckets']);
  });

  it('leaves a small org as it is, without a count', () => {
    const facets = { owners: many('a', 3), buckets: many('b', 2), types: [] };
    expect(facetsForPage(facets, {})).toEqual(facets);
  });
});
