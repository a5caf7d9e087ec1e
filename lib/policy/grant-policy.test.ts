import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formGrant } from '@/lib/permissions/arbitraries';
import { allAccessGrants } from '@/lib/permissions/presets';
import { isSensitive } from '@/lib/permissions/sensitivity';
import { DEFAULT_POLICY, evaluateGrants, mayGrant, mayUseAllAccess, otherOwnerDecision } from './grant-policy';

const TYPES = ['authorizations', 'buckets', 'orgs', 'users', 'secrets', 'dashboards'];
const readBuckets = [{ type: 'buckets', action: 'read' as const, scope: { kind: 'all' as const } }];
const writeAuthz = [{ type: 'authorizations', action: 'write' as const, scope: { kind: 'all' as const } }];

describe('grant policy (default)', () => {
  it('viewers mint nothing; creators mint non-sensitive; admins anything, with confirmation', () => {
    expect(evaluateGrants('viewer', readBuckets, TYPES)).toMatchObject({ allowed: false, reason: 'role' });
    expect(evaluateGrants('creator', readBuckets, TYPES)).toMatchObject({ allowed: true, needsConfirmation: false });
    expect(evaluateGrants('creator', writeAuthz, TYPES)).toMatchObject({ allowed: false, reason: 'sensitive' });
    expect(evaluateGrants('admin', writeAuthz, TYPES)).toMatchObject({ allowed: true, needsConfirmation: true });
    const all = evaluateGrants('admin', allAccessGrants(TYPES), TYPES);
    expect(all.flags.some((f) => f.action === 'all')).toBe(true);
  });

  it('for any grant set: a creator is allowed exactly when nothing is flagged', () => {
    fc.assert(
      fc.property(fc.array(formGrant(), { minLength: 1, maxLength: 8 }), (grants) => {
        const d = evaluateGrants('creator', grants, TYPES);
        expect(d.allowed).toBe(!isSensitive(grants, TYPES));
        const a = evaluateGrants('admin', grants, TYPES);
        expect(a.allowed).toBe(true);
        if (a.allowed) expect(a.needsConfirmation).toBe(isSensitive(grants, TYPES));
      }),
    );
  });

  it('a policy letting creators mint sensitive grants is honoured', () => {
    expect(evaluateGrants('creator', writeAuthz, TYPES, { ...DEFAULT_POLICY, sensitiveRole: 'creator' })).toMatchObject({
      allowed: true,
      needsConfirmation: true,
    });
  });

  it('mayGrant and the All access preset follow the same rule', () => {
    expect(mayGrant('creator', 'buckets', 'write')).toBe(true);
    expect(mayGrant('creator', 'secrets', 'read')).toBe(false);
    expect(mayGrant('creator', 'authorizations', 'write')).toBe(false);
    expect(mayGrant('admin', 'authorizations', 'write')).toBe(true);
    expect(mayGrant('viewer', 'buckets', 'read')).toBe(false);
    expect(mayUseAllAccess('creator')).toBe(false);
    expect(mayUseAllAccess('admin')).toBe(true);
  });

  it('another InfluxDB user as owner is for admins by default, for creators when configured, never for viewers', () => {
    expect(otherOwnerDecision('admin')).toEqual({ allowed: true });
    expect(otherOwnerDecision('creator')).toMatchObject({
      allowed: false,
      message: expect.stringContaining('Only admins may create tokens owned by another InfluxDB user'),
    });
    expect(otherOwnerDecision('creator', { ...DEFAULT_POLICY, otherOwnerRole: 'creator' })).toEqual({ allowed: true });
    expect(otherOwnerDecision('viewer', { ...DEFAULT_POLICY, otherOwnerRole: 'creator' }).allowed).toBe(false);
  });
});
