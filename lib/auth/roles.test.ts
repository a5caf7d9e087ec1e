import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oidcRoleMapSchema } from './role-schemas';
import { hasRole, isEmailVerified, roleForIdentity, ROLES } from './roles';

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
  const verified = { emailVerified: true } as const;
  it('picks the highest matching role', () => {
    expect(roleForIdentity(map, { email: 'boss@acme.com', ...verified })).toBe('admin');
    expect(roleForIdentity(map, { email: 'x@ops.acme.com', ...verified })).toBe('creator');
    expect(roleForIdentity(map, { email: 'x@acme.com', groups: ['influx-admins'], ...verified })).toBe('admin');
    expect(roleForIdentity(map, { email: 'x@acme.com', ...verified })).toBe('viewer');
  });
  it('refuses unknown people unless a default is set', () => {
    expect(roleForIdentity(map, { email: 'x@evil.com', ...verified })).toBeNull();
    expect(roleForIdentity({ ...map, default: 'viewer' }, { email: 'x@evil.com', ...verified })).toBe('viewer');
  });
  it('does not let an unverified email match an email rule', () => {
    expect(roleForIdentity(map, { email: 'boss@acme.com', emailVerified: false })).toBeNull();
  });
  it('does not let an email match when verification is missing', () => {
    expect(roleForIdentity(map, { email: 'boss@acme.com' })).toBeNull();
    expect(roleForIdentity(map, { email: 'x@acme.com' })).toBeNull();
    expect(roleForIdentity({ ...map, default: 'viewer' }, { email: 'boss@acme.com' })).toBe('viewer');
  });
  it('still matches group rules without a verified email', () => {
    expect(roleForIdentity(map, { email: 'x@evil.com', groups: ['Influx-Admins'] })).toBe('admin');
  });
  it('does not treat a suffix without @ as the domain', () => {
    expect(roleForIdentity(map, { email: 'x@evilacme.com', ...verified })).toBeNull();
  });
});

describe('isEmailVerified', () => {
  it('counts only the boolean true', () => {
    expect(isEmailVerified(true)).toBe(true);
  });
  it.each([
    ['missing', undefined],
    ['null', null],
    ['false', false],
    ['the string "true"', 'true'],
    ['the string "false"', 'false'],
    ['1', 1],
    ['an object', { value: true }],
  ])('does not count %s', (_what, claim) => {
    expect(isEmailVerified(claim)).toBe(false);
  });
  it('decides the email rules together with roleForIdentity, for every claim', () => {
    const map = oidcRoleMapSchema.parse({ admins: ['boss@acme.com'] });
    fc.assert(
      fc.property(fc.oneof(fc.constant(true), fc.anything()), (claim) => {
        const role = roleForIdentity(map, { email: 'boss@acme.com', emailVerified: isEmailVerified(claim) });
        expect(role).toBe(claim === true ? 'admin' : null);
      }),
    );
  });
});
