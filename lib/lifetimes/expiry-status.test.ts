import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareExpiry, EXPIRY_FILTERS, expiryRelative, expiryWords, matchesExpiryFilter } from './expiry-status';

const now = new Date('2026-11-30T10:00:00.000Z');
const DAY = 86_400_000;
const inDays = (n: number) => new Date(now.getTime() + n * DAY).toISOString();

describe('expiry display', () => {
  it('UTC, the person’s zone, and how far off', () => {
    expect(expiryWords('2026-12-01T08:00:00.000Z', now, 'Europe/Berlin')).toEqual({
      utc: '2026-12-01 08:00 UTC',
      local: '1 Dec 2026, 09:00 CET',
      relative: 'in 22 hours',
      enforcedBy: expect.stringContaining('the console deactivates the token'),
    });
    expect(expiryWords('2026-12-01T08:00:00.000Z', now, 'Not/AZone').local).toBeUndefined();
    expect(expiryWords(null, now)).toMatchObject({ utc: 'never', relative: 'no expiry' });
    expect(expiryRelative(inDays(-2), now)).toBe('2 days ago');
    expect(expiryRelative(inDays(30), now)).toBe('in 30 days');
  });
});

describe('expiry filters and sort', () => {
  it('expired, within 7 and 30 days, none', () => {
    const at = (f: (typeof EXPIRY_FILTERS)[number]) =>
      [inDays(-1), now.toISOString(), inDays(3), inDays(7), inDays(20), inDays(31), null].filter((e) => matchesExpiryFilter(f, e, now));
    expect(at('expired')).toEqual([inDays(-1), now.toISOString()]);
    expect(at('within-7d')).toEqual([inDays(3), inDays(7)]);
    expect(at('within-30d')).toEqual([inDays(3), inDays(7), inDays(20)]);
    expect(at('none')).toEqual([null]);
  });

  it('sorts soonest first with no expiry last, as a total order', () => {
    const expiry = fc.option(fc.integer({ min: 0, max: 4e12 }).map((t) => new Date(t).toISOString()));
    fc.assert(
      fc.property(fc.array(expiry, { maxLength: 30 }), (list) => {
        const sorted = [...list].sort(compareExpiry);
        const firstNull = sorted.indexOf(null);
        if (firstNull >= 0) expect(sorted.slice(firstNull).every((e) => e === null)).toBe(true);
        const dated = sorted.filter((e): e is string => e !== null).map(Date.parse);
        expect(dated).toEqual([...dated].sort((a, b) => a - b));
        for (const a of list) for (const b of list) expect(Math.sign(compareExpiry(a, b)) + Math.sign(compareExpiry(b, a))).toBe(0);
      }),
    );
  });
});
