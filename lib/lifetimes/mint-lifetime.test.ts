import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as arb from './arbitraries';
import { encodeLifetimeChoice } from './choice';
import { checkLifetimeField } from './decide-lifetime';
import { ENFORCED_BY, expiryWhen } from './expiry-words';
import { checkMintLifetime } from './mint-lifetime';
import { BUILT_IN_POLICY } from './policy';

const now = new Date('2026-11-30T10:00:00.000Z');
const HOUR = 3_600_000;
const built = { policy: BUILT_IN_POLICY, minLifetimeMs: HOUR };

describe('the lifetime a mint may give', () => {
  it('the policy default when nothing is chosen; presets; refusals in words', () => {
    expect(checkMintLifetime(undefined, 'creator', ['ordinary'], now, built)).toEqual({
      ok: true,
      expiresAt: new Date('2027-02-28T10:00:00.000Z'),
    });
    expect(checkMintLifetime('', 'creator', ['ordinary', 'sensitive'], now, built)).toEqual({
      ok: true,
      expiresAt: new Date('2026-12-30T10:00:00.000Z'),
    });
    expect(checkMintLifetime('7d', 'creator', ['ordinary'], now, built)).toEqual({
      ok: true,
      expiresAt: new Date('2026-12-07T10:00:00.000Z'),
    });
    expect(checkMintLifetime('never', 'admin', ['ordinary'], now, built)).toEqual({ ok: true, expiresAt: null });
    expect(checkMintLifetime('90d', 'creator', ['ordinary', 'sensitive'], now, built)).toMatchObject({
      ok: false,
      fieldError: expect.stringMatching(/sensitive grants may live at most 30 days for creators/),
    });
    expect(checkMintLifetime('2026-11-01', 'creator', ['ordinary'], now, built)).toMatchObject({
      ok: false,
      fieldError: expect.stringMatching(/in the past/),
    });
    expect(checkMintLifetime('soon', 'creator', ['ordinary'], now, built)).toMatchObject({
      ok: false,
      fieldError: expect.stringMatching(/Choose 7, 30 or 90 days/),
    });
  });

  it('a lifetime shorter than the configured minimum is refused; tests lower the minimum', () => {
    expect(checkMintLifetime('5s', 'creator', ['ordinary'], now, built)).toEqual({
      ok: false,
      fieldError: 'A token must live at least 1 hour: choose a later expiry.',
    });
    expect(checkMintLifetime('5s', 'creator', ['ordinary'], now, { ...built, minLifetimeMs: 1_000 })).toEqual({
      ok: true,
      expiresAt: new Date(now.getTime() + 5_000),
    });
  });

  it('never allows what the policy refuses, and allows what it allows unless shorter than the minimum', () => {
    fc.assert(
      fc.property(
        arb.policy(),
        arb.classes(),
        arb.choice(),
        arb.instant(),
        fc.integer({ min: 1, max: 86_400 }),
        (policy, classes, choice, at, minS) => {
          const text = encodeLifetimeChoice(choice);
          const field = checkLifetimeField(text, 'creator', classes, at, policy);
          const mint = checkMintLifetime(text, 'creator', classes, at, { policy, minLifetimeMs: minS * 1000 });
          if (!field.ok) expect(mint.ok).toBe(false);
          else if (field.expiresAt === null || field.expiresAt.getTime() - at.getTime() >= minS * 1000)
            expect(mint).toEqual({ ok: true, expiresAt: field.expiresAt });
          else expect(mint.ok).toBe(false);
        },
      ),
    );
  });
});

describe('an expiry in words', () => {
  it('the person’s time zone and UTC, or UTC alone', () => {
    expect(expiryWhen('2026-12-07T10:30:00.000Z', 'Europe/Paris')).toBe('7 Dec 2026, 11:30 CET · 2026-12-07 10:30 UTC');
    expect(expiryWhen('2026-12-07T10:30:00.000Z', 'UTC')).toBe('2026-12-07 10:30 UTC');
    expect(expiryWhen(null, 'UTC')).toBe('no expiry');
    expect(ENFORCED_BY).toMatch(/console, not InfluxDB/);
  });
});
