import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as arb from './arbitraries';
import { encodeLifetimeChoice, lifetimeChoiceSchema, parseLifetimeChoice } from './choice';
import { checkLifetimeField, decideLifetime, ruleFor } from './decide-lifetime';
import { GRANT_CLASSES } from './grant-classes';
import { BUILT_IN_POLICY, longer, resolvePolicy } from './policy';

const DAY = 86_400_000;
const now = new Date('2026-11-30T10:00:00.000Z');
const days = (n: number) => ({ kind: 'duration' as const, ms: n * DAY });

describe('lifetime decisions under the built-in policy', () => {
  it('ordinary grants: 90 days proposed, a year at most, never for admins only', () => {
    const d = decideLifetime('creator', ['ordinary'], undefined, now, BUILT_IN_POLICY);
    expect(d).toMatchObject({ allowed: true, expiresAt: new Date(now.getTime() + 90 * DAY) });
    expect(decideLifetime('creator', ['ordinary'], days(365), now, BUILT_IN_POLICY).allowed).toBe(true);
    expect(decideLifetime('creator', ['ordinary'], days(366), now, BUILT_IN_POLICY)).toMatchObject({
      allowed: false,
      reason: 'beyond-max',
      message: 'Tokens may live at most 365 days for creators: choose an expiry no later than 2027-11-30 10:00 UTC.',
    });
    expect(decideLifetime('creator', ['ordinary'], { kind: 'never' }, now, BUILT_IN_POLICY)).toMatchObject({
      allowed: false,
      reason: 'never',
      message: 'Tokens must expire, at most 365 days from now, for creators. Only admins may.',
    });
    expect(decideLifetime('admin', ['ordinary'], { kind: 'never' }, now, BUILT_IN_POLICY)).toMatchObject({
      allowed: true,
      expiresAt: null,
    });
  });

  it('sensitive and code-running grants: 30 days at most, for admins too, whatever else the token holds', () => {
    for (const cls of ['sensitive', 'code-running'] as const) {
      expect(decideLifetime('admin', ['ordinary', cls], days(30), now, BUILT_IN_POLICY).allowed).toBe(true);
      const over = decideLifetime('admin', ['ordinary', cls], days(31), now, BUILT_IN_POLICY);
      expect(over).toMatchObject({ allowed: false, reason: 'beyond-max' });
      const never = decideLifetime('admin', [cls], { kind: 'never' }, now, BUILT_IN_POLICY);
      expect(never).toMatchObject({ allowed: false, reason: 'never' });
      if (!never.allowed) expect(never.message).not.toContain('Only');
    }
    expect(decideLifetime('admin', ['code-running'], undefined, now, BUILT_IN_POLICY)).toMatchObject({
      allowed: true,
      governedBy: 'code-running',
      expiresAt: new Date(now.getTime() + 30 * DAY),
    });
  });

  it('viewers have no lifetime (they mint nothing); a date in the past is refused', () => {
    expect(decideLifetime('viewer', [], days(7), now, BUILT_IN_POLICY)).toMatchObject({ allowed: false, reason: 'role' });
    expect(decideLifetime('admin', [], { kind: 'date', date: '2026-11-30' }, now, BUILT_IN_POLICY)).toMatchObject({
      allowed: false,
      reason: 'past',
      message: 'That is in the past: the token would expire 2026-11-30 00:00 UTC. Choose a later date.',
    });
    expect(decideLifetime('admin', [], { kind: 'date', date: '2026-12-01' }, now, BUILT_IN_POLICY)).toMatchObject({
      allowed: true,
      expiresAt: new Date('2026-12-01T00:00:00.000Z'),
    });
  });

  it('the form field: unparsable, nonexistent dates and offsetless times get field errors', () => {
    const field = (v: string | undefined) => checkLifetimeField(v, 'creator', ['ordinary'], now, BUILT_IN_POLICY);
    expect(field('soon')).toEqual({ ok: false, fieldError: 'Choose 7, 30 or 90 days, a date (YYYY-MM-DD) or "never".' });
    expect(field('2027-02-30')).toEqual({ ok: false, fieldError: '2027-02-30 is not a date in the calendar.' });
    expect(field('2027-01-01T10:00')).toMatchObject({ ok: false });
    expect(field('0d')).toMatchObject({ ok: false });
    expect(field('2025-01-01')).toMatchObject({ ok: false, fieldError: expect.stringContaining('in the past') });
    expect(field('2028-01-01')).toMatchObject({ ok: false, fieldError: expect.stringContaining('at most 365 days') });
    expect(field('2027-01-01T08:00:00+02:00')).toEqual({
      ok: true,
      expiresAt: new Date('2027-01-01T06:00:00.000Z'),
      choice: { kind: 'instant', at: '2027-01-01T06:00:00.000Z' },
    });
    expect(lifetimeChoiceSchema.safeParse('30d')).toMatchObject({ success: true, data: { kind: 'duration', ms: 30 * DAY } });
    expect(lifetimeChoiceSchema.safeParse('next week').error?.issues[0]?.message).toBe(
      'Choose 7, 30 or 90 days, a date (YYYY-MM-DD) or "never".',
    );
    expect(field(undefined)).toMatchObject({ ok: true, expiresAt: new Date(now.getTime() + 90 * DAY), choice: undefined });
  });
});

describe('lifetime policy file', () => {
  it('names only what differs; the rest keeps the built-in values', () => {
    const r = resolvePolicy({ creator: { ordinary: { default: '30d' } }, admin: { sensitive: { max: '7d', default: '1d' } } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.creator!.ordinary).toEqual({ default: 30 * DAY, max: 365 * DAY });
    expect(r.policy.admin!.sensitive).toEqual({ default: DAY, max: 7 * DAY });
    expect(r.policy.admin!.ordinary).toEqual(BUILT_IN_POLICY.admin!.ordinary);
    expect(resolvePolicy(undefined)).toEqual({ ok: true, policy: BUILT_IN_POLICY });
  });

  it('says what is wrong, rule by rule', () => {
    expect(resolvePolicy({ creator: { ordinary: { default: 'never' } } })).toEqual({
      ok: false,
      problems: ['lifetimes.creator.ordinary: the default (no expiry) is longer than the maximum (365 days)'],
    });
    expect(resolvePolicy({ viewer: { ordinary: { max: '7d' } } })).toMatchObject({
      ok: false,
      problems: ['lifetimes.viewer.ordinary: give both "default" and "max" (there is no built-in value for viewers)'],
    });
    const bad = resolvePolicy({ creator: { ordinary: { max: '3 weeks' } }, editor: {} });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join('\n')).toMatch(/lifetimes\.creator\.ordinary\.max: must be "never" or a whole number/);
  });
});

describe('lifetime properties', () => {
  it('the expiry never passes the maximum of the strictest class present', () => {
    fc.assert(
      fc.property(
        arb.policy(),
        fc.constantFrom('creator', 'admin' as const),
        arb.classes(),
        arb.choice(),
        arb.instant(),
        (p, role, cls, c, at) => {
          const d = decideLifetime(role, cls, c, at, p);
          if (!d.allowed || d.expiresAt === null) return;
          expect(d.expiresAt.getTime()).toBeGreaterThan(at.getTime());
          for (const k of GRANT_CLASSES.filter((x) => x === 'ordinary' || cls.includes(x))) {
            const max = p[role]![k].max;
            if (max !== null) expect(d.expiresAt.getTime() - at.getTime()).toBeLessThanOrEqual(max);
          }
        },
      ),
    );
  });

  it('"never" only where every class present allows it', () => {
    fc.assert(
      fc.property(arb.policy(), fc.constantFrom('creator', 'admin' as const), arb.classes(), arb.instant(), (p, role, cls, at) => {
        const allowed = GRANT_CLASSES.filter((x) => x === 'ordinary' || cls.includes(x)).every((k) => p[role]![k].max === null);
        expect(decideLifetime(role, cls, { kind: 'never' }, at, p).allowed).toBe(allowed);
      }),
    );
  });

  it('the proposed default is always allowed, and never longer than the maximum', () => {
    fc.assert(
      fc.property(arb.policy(), fc.constantFrom('creator', 'admin' as const), arb.classes(), arb.instant(), (p, role, cls, at) => {
        const { rule } = ruleFor(role, cls, p)!;
        expect(longer(rule.default, rule.max)).toBe(false);
        expect(decideLifetime(role, cls, undefined, at, p).allowed).toBe(true);
      }),
    );
  });

  it('choices survive their encoding both ways', () => {
    fc.assert(
      fc.property(arb.choice(), (c) => {
        const text = encodeLifetimeChoice(c);
        expect(parseLifetimeChoice(text)).toEqual({ ok: true, choice: c });
        expect(encodeLifetimeChoice((parseLifetimeChoice(text) as { choice: typeof c }).choice)).toBe(text);
      }),
    );
  });

  it('parsing never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseLifetimeChoice(s);
        if (r.ok) expect(parseLifetimeChoice(encodeLifetimeChoice(r.choice))).toEqual(r);
      }),
    );
  });
});
