import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OSS_RESOURCE_TYPES } from '@/lib/permissions/resource-types';
import { requestForm } from './arbitraries';
import { applyRequestStep, decideRequestStep, directMintNeedsApproval, formFacts, type Actor, type RequestStep } from './decide-step';
import { canonicalForm } from './fingerprint';
import type { AccessRequest, Person, RequestForm } from './model';
import { DEFAULT_REQUEST_SETTINGS, type RequestSettings } from './settings';

const HOUR = 3_600_000;
const settings: RequestSettings = { ...DEFAULT_REQUEST_SETTINGS, resourceTypes: OSS_RESOURCE_TYPES };

const ana: Person = { id: 'ana', role: 'creator' };
const bo: Person = { id: 'bo', role: 'admin' };
const cy: Person = { id: 'cy', role: 'admin' };
const vi: Person = { id: 'vi', role: 'viewer' };
const as = (person: Person): Actor => ({ kind: 'person', person });
const SYSTEM: Actor = { kind: 'system' };

const form: RequestForm = {
  connectionId: 'default',
  orgID: '0123456789abcdef',
  description: 'token rotation job',
  owner: { kind: 'console' },
  grants: [
    { type: 'authorizations', action: 'write', scope: { kind: 'all' } },
    { type: 'buckets', action: 'read', scope: { kind: 'all' } },
  ],
  lifetime: { kind: 'duration', ms: 30 * 24 * HOUR },
};
const t0 = new Date('2026-11-30T10:00:00.000Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

const pending = (requester: Person = ana, f: RequestForm = form): AccessRequest => ({
  id: 'r1',
  state: 'pending',
  form: f,
  justification: 'the rotation job mints its successor',
  requester,
  createdAt: t0,
  updatedAt: t0,
  version: 1,
});

/** Decides, then applies: throws with the words when refused, so a test reads as the story. */
function step(r: AccessRequest, s: Exclude<RequestStep, { kind: 'create' }>, actor: Actor, now: Date): AccessRequest {
  const d = decideRequestStep(s, actor, r, now, settings);
  if (!d.allowed) throw new Error(d.message);
  return applyRequestStep(r, s, actor, now);
}
const refusal = (r: AccessRequest, s: RequestStep, actor: Actor, now: Date) => decideRequestStep(s, actor, r, now, settings);

describe('decideRequestStep', () => {
  it('request, approve, mint: the happy path, once', () => {
    expect(refusal(pending(), { kind: 'create' }, as(ana), t0)).toEqual({ allowed: true });
    const approved = step(pending(), { kind: 'approve' }, as(bo), later(HOUR));
    expect(approved).toMatchObject({ state: 'approved', reviewer: bo, version: 2 });
    const minted = step(approved, { kind: 'mint', form }, as(ana), later(2 * HOUR));
    expect(minted).toMatchObject({ state: 'minted', mintedAt: later(2 * HOUR) });
    expect(refusal(minted, { kind: 'mint', form }, as(ana), later(2 * HOUR))).toMatchObject({
      allowed: false,
      reason: 'state',
      message: expect.stringContaining('already used'),
    });
  });

  it('a viewer cannot request; a creator can', () => {
    expect(refusal(pending(vi), { kind: 'create' }, as(vi), t0)).toMatchObject({
      allowed: false,
      reason: 'role',
      message: 'Only creators may request tokens. You are signed in as a viewer.',
    });
    expect(refusal(pending(ana), { kind: 'create' }, as(bo), t0)).toMatchObject({ allowed: false, reason: 'not-requester' });
  });

  it('nobody approves, narrows or denies their own request, admins included', () => {
    const own = pending(bo);
    for (const s of [{ kind: 'approve' }, { kind: 'deny', reason: 'no' }] as const) {
      expect(refusal(own, s, as(bo), t0)).toMatchObject({
        allowed: false,
        reason: 'own-request',
        message: expect.stringContaining('another admin'),
      });
    }
    expect(refusal(own, { kind: 'approve' }, as(cy), t0)).toEqual({ allowed: true });
  });

  it('only admins review', () => {
    expect(refusal(pending(bo), { kind: 'approve' }, as(ana), t0)).toMatchObject({
      allowed: false,
      reason: 'role',
      message: 'Only admins may review token requests. You are signed in as a creator.',
    });
  });

  it('only the requester mints, within the window, with exactly the approved form', () => {
    const approved = step(pending(), { kind: 'approve' }, as(bo), t0);
    expect(refusal(approved, { kind: 'mint', form }, as(bo), later(HOUR))).toMatchObject({ reason: 'not-requester' });
    const other = { ...form, description: 'something else' };
    expect(refusal(approved, { kind: 'mint', form: other }, as(ana), later(HOUR))).toMatchObject({
      reason: 'form-differs',
      message: expect.stringContaining('as a new request'),
    });
    expect(refusal(approved, { kind: 'mint', form }, as(ana), later(24 * HOUR))).toMatchObject({ reason: 'expired' });
    expect(
      refusal(approved, { kind: 'mint', form: { ...form, grants: [...form.grants].reverse() } }, as(ana), later(24 * HOUR - 1)),
    ).toEqual({ allowed: true });
  });

  it('the window and the pending time follow the settings', () => {
    const short = { ...settings, mintWindowMs: HOUR, pendingTtlMs: 2 * HOUR };
    const approved = step(pending(), { kind: 'approve' }, as(bo), t0);
    expect(decideRequestStep({ kind: 'mint', form }, as(ana), approved, later(HOUR), short)).toMatchObject({ reason: 'expired' });
    expect(decideRequestStep({ kind: 'approve' }, as(bo), pending(), later(2 * HOUR), short)).toMatchObject({ reason: 'expired' });
    expect(decideRequestStep({ kind: 'expire' }, SYSTEM, pending(), later(2 * HOUR - 1), short)).toMatchObject({ reason: 'not-due' });
    expect(decideRequestStep({ kind: 'expire' }, SYSTEM, pending(), later(2 * HOUR), short)).toEqual({ allowed: true });
    expect(decideRequestStep({ kind: 'expire' }, as(bo), pending(), later(2 * HOUR), short)).toMatchObject({ reason: 'role' });
  });

  it('a change after approval sends the request back for approval, and the old approval no longer mints', () => {
    const approved = step(pending(), { kind: 'approve' }, as(bo), t0);
    const changed = step(approved, { kind: 'change', form, justification: 'same form, new words' }, as(ana), later(HOUR));
    expect(changed).toMatchObject({ state: 'pending', approvedFingerprint: undefined, reviewer: undefined });
    expect(refusal(changed, { kind: 'mint', form }, as(ana), later(HOUR))).toMatchObject({ reason: 'state' });
    expect(refusal(approved, { kind: 'change', form, justification: 'x' }, as(cy), later(HOUR))).toMatchObject({ reason: 'not-requester' });
  });

  it('a narrowed approval mints the narrowed form only', () => {
    const narrowed: RequestForm = { ...form, grants: [form.grants[1]!], lifetime: { kind: 'duration', ms: 7 * 24 * HOUR } };
    const approved = step(pending(), { kind: 'approve-narrowed', form: narrowed, note: 'no token writing' }, as(bo), t0);
    expect(approved).toMatchObject({ state: 'approved-narrowed', form: narrowed, reviewNote: 'no token writing' });
    expect(refusal(approved, { kind: 'mint', form }, as(ana), later(HOUR))).toMatchObject({ reason: 'form-differs' });
    expect(refusal(approved, { kind: 'mint', form: narrowed }, as(ana), later(HOUR))).toEqual({ allowed: true });
    const widened = { ...form, lifetime: { kind: 'never' as const } };
    expect(refusal(pending(), { kind: 'approve-narrowed', form: widened }, as(bo), t0)).toMatchObject({ reason: 'not-narrower' });
  });

  it('denied and withdrawn requests are over; only the requester withdraws', () => {
    const denied = step(pending(), { kind: 'deny', reason: 'use the CI token' }, as(bo), t0);
    expect(denied).toMatchObject({ state: 'denied', reviewNote: 'use the CI token' });
    expect(refusal(denied, { kind: 'mint', form }, as(ana), t0)).toMatchObject({
      reason: 'state',
      message: expect.stringContaining('was denied'),
    });
    expect(refusal(pending(), { kind: 'withdraw' }, as(bo), t0)).toMatchObject({ reason: 'not-requester' });
    const withdrawn = step(pending(), { kind: 'withdraw' }, as(ana), t0);
    expect(refusal(withdrawn, { kind: 'approve' }, as(bo), t0)).toMatchObject({ reason: 'state' });
  });

  it('a mint whose approved date has passed is refused with what to do', () => {
    const dated = { ...form, lifetime: { kind: 'instant' as const, at: later(2 * HOUR).toISOString() } };
    const approved = step(pending(ana, dated), { kind: 'approve' }, as(bo), t0);
    expect(refusal(approved, { kind: 'mint', form: dated }, as(ana), later(2 * HOUR))).toMatchObject({
      reason: 'expired',
      message: expect.stringContaining('new request'),
    });
  });
});

describe('four eyes', () => {
  const facts = formFacts(form, OSS_RESOURCE_TYPES);
  it('flags the sensitive grants in words', () => {
    expect(facts).toMatchObject({ sensitive: ['write on authorizations'], otherOwner: false });
  });
  it('with the setting on, an admin minting sensitive grants goes through a request; otherwise not', () => {
    expect(directMintNeedsApproval('admin', facts, { fourEyes: true })).toBe(true);
    expect(directMintNeedsApproval('admin', facts, { fourEyes: false })).toBe(false);
    expect(
      directMintNeedsApproval('admin', formFacts({ ...form, grants: [form.grants[1]!] }, OSS_RESOURCE_TYPES), { fourEyes: true }),
    ).toBe(false);
  });
});

// Random lives of one request: any person tries any step at any time; the rules must hold whatever
// the order. The oracle keeps its own record of what was approved, apart from the request.
describe('decideRequestStep over random sequences of steps', () => {
  const people = [ana, bo, cy, vi];
  const actor = (): fc.Arbitrary<Actor> =>
    fc.oneof({ arbitrary: fc.constantFrom(...people).map(as), weight: 4 }, { arbitrary: fc.constant(SYSTEM), weight: 1 });
  const stepArb = (): fc.Arbitrary<{ pick: number; other: RequestForm; keep: number[]; step: RequestStep['kind'] }> =>
    fc.record({
      pick: fc.nat(),
      other: requestForm(),
      keep: fc.array(fc.nat(), { maxLength: 3 }),
      step: fc.constantFrom('approve', 'approve', 'approve-narrowed', 'deny', 'withdraw', 'change', 'mint', 'mint', 'mint', 'expire'),
    });

  it('never two mints, never a mint of a form other than the approved one, never self-approval', () => {
    let runsWithAMint = 0;
    let refusedSecondMints = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(ana, bo, cy),
        requestForm(),
        fc.array(
          fc.tuple(
            actor(),
            stepArb(),
            fc.oneof(
              { arbitrary: fc.integer({ min: 0, max: 2 * HOUR }), weight: 4 },
              { arbitrary: fc.integer({ min: 0, max: 8 * 24 * HOUR }), weight: 1 },
            ),
          ),
          { minLength: 3, maxLength: 25 },
        ),
        (requester, initial, moves) => {
          let r = pending(requester, initial);
          let now = t0;
          let approvedForm: string | undefined;
          let mints = 0;
          for (const [anyone, raw, wait] of moves) {
            now = new Date(now.getTime() + wait);
            // Mostly the person the step is meant for (some admin reviews, the requester mints), so
            // the sequences get far; the rest of the time anyone at all.
            const meant =
              raw.step === 'expire'
                ? SYSTEM
                : ['approve', 'approve-narrowed', 'deny'].includes(raw.step)
                  ? as(raw.pick % 4 < 2 ? bo : cy)
                  : as(r.requester);
            const who = raw.pick % 5 === 0 ? anyone : meant;
            // Half the mints and narrowings use the current form; the rest something else.
            const current = r.form;
            const narrowed: RequestForm = { ...current, grants: current.grants.filter((_, i) => !raw.keep.includes(i)) };
            const candidate = raw.pick % 2 === 0 ? current : raw.other;
            const s: Exclude<RequestStep, { kind: 'create' }> =
              raw.step === 'approve-narrowed'
                ? { kind: 'approve-narrowed', form: raw.pick % 3 === 0 ? raw.other : narrowed.grants.length > 0 ? narrowed : current }
                : raw.step === 'mint'
                  ? { kind: 'mint', form: candidate }
                  : raw.step === 'change'
                    ? { kind: 'change', form: candidate, justification: 'changed' }
                    : raw.step === 'deny'
                      ? { kind: 'deny', reason: 'no' }
                      : { kind: raw.step as 'approve' | 'withdraw' | 'expire' };
            const d = decideRequestStep(s, who, r, now, settings);
            if (!d.allowed) {
              if (s.kind === 'mint' && mints > 0) refusedSecondMints += 1;
              continue;
            }
            if (s.kind === 'approve' || s.kind === 'approve-narrowed') {
              expect(who.kind === 'person' && who.person.id !== r.requester.id).toBe(true);
              approvedForm = canonicalForm(s.kind === 'approve' ? r.form : s.form);
            }
            if (s.kind === 'change') approvedForm = undefined;
            if (s.kind === 'mint') {
              mints += 1;
              expect(mints).toBe(1);
              expect(who.kind === 'person' && who.person.id).toBe(r.requester.id);
              expect(canonicalForm(s.form)).toBe(approvedForm);
            }
            r = applyRequestStep(r, s, who, now);
          }
          if (mints > 0) runsWithAMint += 1;
        },
      ),
      // A fixed seed: the coverage check below counts what random sequences happened to reach, so
      // with a new seed each run it failed once in a fresh-clone CI run (15 runs with a mint, not > 15).
      { numRuns: 300, seed: 20261130 },
    );
    // The sequences must reach the interesting places, or the property above says nothing.
    expect(runsWithAMint).toBeGreaterThan(15);
    expect(refusedSecondMints).toBeGreaterThan(5);
  });
});
