import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasRole, oidcRoleMapSchema, roleForIdentity, ROLES } from './roles';

describe('hasRole', () => {
  it('orders viewer < creator < admin', () => {
    expect(hasRole('admin', 'creator')).toBe(true);
    expect(hasRole('creator', 'admin')).toBe(false);
    expect(hasRole('viewer', 'viewer')).toBe(true);
    expect(hasRole(undefined, 'viewer')).toBe(false);
  });
  it('is transitive for every combination', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.constantFrom(...ROLES), fc.constantFrom(...ROLES), (a, b, c) => {
        if (hasRole(a, b) && hasRole(b, c)) expect(hasRole(a, c)).toBe(true);
      }),
    );
  });
});

describe('roleForIdentity', () => {
  const map = oidcRoleMapSchema.parse({
    admins: ['boss@acme.com', 'group:influx-admins'],
    creators: ['*@ops.acme.com'],
    viewers: ['*@acme.com'],
  });
  it('picks the highest matching role', () => {
    expect(roleForIdentity(map, { email: 'boss@acme.com' })).toBe('admin');
    expect(roleForIdentity(map, { email: 'x@ops.acme.com' })).toBe('creator');
    expect(roleForIdentity(map, { email: 'x@acme.com', groups: ['influx-admins'] })).toBe('admin');
    expect(roleForIdentity(map, { email: 'x@acme.com' })).toBe('viewer');
  });
  it('refuses unknown people unless a default is set', () => {
    expect(roleForIdentity(map, { email: 'x@evil.com' })).toBeNull();
    expect(roleForIdentity({ ...map, default: 'viewer' }, { email: 'x@evil.com' })).toBe('viewer');
  });
  it('does not let an unverified email match an email rule', () => {
    expect(roleForIdentity(map, { email: 'boss@acme.com', emailVerified: false })).toBeNull();
  });
  it('does not treat a suffix without @ as the domain', () => {
    expect(roleForIdentity(map, { email: 'x@evilacme.com' })).toBeNull();
  });
});
