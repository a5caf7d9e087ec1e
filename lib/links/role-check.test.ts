import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from '@/lib/auth/roles';
import { isSensitive } from '@/lib/permissions/sensitivity';
import { mayGrant } from './role-check';
import { grantArb } from './test-arbitraries';

const OSS = ['authorizations', 'buckets', 'dashboards', 'orgs', 'secrets', 'telegrafs', 'users'];
const g = (type: string, action: 'read' | 'write', kind: 'all' | 'owner' = 'all') => ({ type, action, scope: { kind } });

describe('mayGrant', () => {
  it('lets creators grant ordinary permissions and refuses sensitive ones with the reason', () => {
    expect(mayGrant('creator', g('buckets', 'write'), OSS)).toEqual({ ok: true });
    expect(mayGrant('creator', g('dashboards', 'read'), OSS)).toEqual({ ok: true });
    const tokens = mayGrant('creator', g('authorizations', 'write'), OSS);
    expect(tokens).toEqual({
      ok: false,
      reason: expect.stringMatching(/^only admins may grant this: it can create, change and delete API tokens/),
    });
    expect(mayGrant('creator', g('secrets', 'read'), OSS).ok).toBe(false);
    expect(mayGrant('creator', g('users', 'write', 'owner'), OSS).ok).toBe(false);
    expect(mayGrant('creator', g('users', 'read', 'owner'), OSS).ok).toBe(true);
  });

  it('lets admins grant anything the server has, and nobody a type the server lacks', () => {
    expect(mayGrant('admin', g('authorizations', 'write'), OSS)).toEqual({ ok: true });
    expect(mayGrant('admin', g('functions', 'read'), OSS)).toEqual({
      ok: false,
      reason: expect.stringMatching(/no resource type “functions”/),
    });
    expect(mayGrant('admin', g('instance', 'read'), [])).toEqual({ ok: false, reason: expect.stringMatching(/never be granted/) });
  });

  it('viewers grant nothing', () => {
    expect(mayGrant('viewer', g('buckets', 'read'), OSS)).toEqual({
      ok: false,
      reason: expect.stringMatching(/viewers cannot create tokens/),
    });
  });

  it('property: a creator may grant exactly the non-sensitive grants; roles are monotonic', () => {
    fc.assert(
      fc.property(grantArb, (grant) => {
        expect(mayGrant('creator', grant, []).ok).toBe(!isSensitive([grant]));
        const allowed = ROLES.map((r) => mayGrant(r, grant, []).ok);
        // viewer <= creator <= admin
        expect(allowed).toEqual([...allowed].sort((a, b) => Number(a) - Number(b)));
        expect(allowed[2]).toBe(true);
      }),
    );
  });
});
