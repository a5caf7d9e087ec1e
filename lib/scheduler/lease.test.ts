import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callDeadlineMs, claimLeaseMs, MIN_CLAIM_LEASE_MS } from './lease';

describe('claimLeaseMs', () => {
  it("outlasts the run's deadline on every timeout the configuration accepts, with at least 30 s to spare", () => {
    fc.assert(
      fc.property(fc.integer({ min: 500, max: 120_000 }), (timeoutMs) => {
        expect(callDeadlineMs(timeoutMs)).toBeGreaterThan(timeoutMs);
        expect(claimLeaseMs(timeoutMs) - callDeadlineMs(timeoutMs)).toBeGreaterThanOrEqual(30_000);
        expect(claimLeaseMs(timeoutMs)).toBeGreaterThanOrEqual(MIN_CLAIM_LEASE_MS);
      }),
    );
  });

  it('is longer than 120 s at the largest timeout (the old fixed 60 s lease was not)', () => {
    expect(claimLeaseMs(120_000)).toBe(250_000);
    expect(claimLeaseMs(10_000)).toBe(60_000);
  });
});
