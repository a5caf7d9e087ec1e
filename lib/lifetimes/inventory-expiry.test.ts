import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expiryLabel, expiryView, type StoredExpiry } from './inventory-expiry';

const now = new Date('2026-11-30T10:00:00.000Z');
const at = (iso: string, state: StoredExpiry['state'] = 'pending', lastProblem: string | null = null): StoredExpiry => ({
  expiresAt: iso,
  state,
  lastProblem,
});

describe('a token’s expiry on the inventory', () => {
  it('no stored expiry, or a cancelled one, reads "no expiry"', () => {
    expect(expiryLabel(expiryView(undefined, 'active', now))).toBe('no expiry');
    expect(expiryLabel(expiryView(at('2026-12-07T10:00:00.000Z', 'cancelled'), 'active', now))).toBe('no expiry');
  });

  it('before it: the time; after it: expired, or still active in InfluxDB with the problem until the console succeeds', () => {
    expect(expiryLabel(expiryView(at('2026-12-07T10:00:00.000Z'), 'active', now))).toBe('2026-12-07 10:00 UTC');
    expect(expiryLabel(expiryView(at('2026-11-30T09:00:00.000Z', 'done'), 'inactive', now))).toBe('expired 2026-11-30 09:00 UTC');
    const stuck = expiryView(at('2026-11-30T09:00:00.000Z', 'pending', 'Could not reach InfluxDB'), 'active', now);
    expect(stuck).toEqual({ expiresAt: '2026-11-30T09:00:00.000Z', state: 'still-active', problem: 'Could not reach InfluxDB' });
    expect(expiryLabel(stuck)).toBe('expired, still active in InfluxDB');
    expect(expiryView(at('2026-11-30T09:00:00.000Z', 'failed', 'gave up'), 'active', now)!.state).toBe('still-active');
  });

  it('"still active" only ever for an active token whose expiry has passed and was not carried out', () => {
    const states = ['pending', 'running', 'done', 'failed', 'cancelled'] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: -1e10, max: 1e10 }),
        fc.constantFrom(...states),
        fc.constantFrom('active' as const, 'inactive' as const),
        (offset, state, status) => {
          const v = expiryView(at(new Date(now.getTime() + offset).toISOString(), state), status, now);
          if (v?.state === 'still-active') {
            expect(offset <= 0 && status === 'active' && state !== 'done' && state !== 'cancelled').toBe(true);
          }
        },
      ),
    );
  });
});
