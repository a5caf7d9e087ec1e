import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consoleCredentialPermissions } from './credential-setup';
import {
  capabilitiesFromPermissions,
  capabilitiesFromProbe,
  covers,
  OTHER_OWNER_BLOCKED,
  otherOwnerAvailability,
  permits,
} from './judge-capabilities';
import type { PermissionDTO } from './dto';

const ORG = '0123456789abcdef';
const OTHER = '1111111111111111';
const ME = { id: 'aaaaaaaaaaaaaaaa', name: 'token-console' };
const TYPES = ['authorizations', 'buckets', 'orgs', 'users', 'secrets'];

const id = fc.constantFrom('a000000000000001', 'a000000000000002', ORG, OTHER);
const perm = fc.record({
  action: fc.constantFrom('read' as const, 'write' as const),
  resource: fc.record(
    { type: fc.constantFrom('buckets', 'users', 'orgs'), id, orgID: fc.constantFrom(ORG, OTHER) },
    { requiredKeys: ['type'] },
  ),
}) as fc.Arbitrary<PermissionDTO>;

describe('permits (influxd Permission.Matches)', () => {
  it('a permission always covers itself; a type-wide one covers every resource of its type and action', () => {
    fc.assert(
      fc.property(perm, (p) => {
        expect(permits(p, p)).toBe(true);
        expect(permits({ action: p.action, resource: { type: p.resource.type } }, p)).toBe(true);
        expect(permits({ action: p.action === 'read' ? 'write' : 'read', resource: { type: p.resource.type } }, p)).toBe(false);
      }),
    );
  });

  it('org-wide covers exactly its org; an id covers exactly that id', () => {
    fc.assert(
      fc.property(perm, (want) => {
        const orgWide: PermissionDTO = { action: want.action, resource: { type: want.resource.type, orgID: ORG } };
        expect(permits(orgWide, want)).toBe(want.resource.orgID === ORG);
        const one: PermissionDTO = { action: want.action, resource: { type: want.resource.type, id: 'a000000000000001', orgID: ORG } };
        expect(permits(one, want)).toBe(want.resource.id === 'a000000000000001');
      }),
    );
  });

  it('write:users (no id) is what creating users and minting for others needs; users/<me> is not', () => {
    expect(covers([{ action: 'write', resource: { type: 'users', id: ME.id } }], { action: 'write', resource: { type: 'users' } })).toBe(
      false,
    );
    expect(
      covers([{ action: 'write', resource: { type: 'users' } }], { action: 'write', resource: { type: 'users', id: 'b000000000000001' } }),
    ).toBe(true);
  });
});

describe('capabilities', () => {
  it('the recommended credential can do everything, with org-wide holdings and instance-wide users', () => {
    const caps = capabilitiesFromPermissions(consoleCredentialPermissions(TYPES, ORG), {
      orgID: ORG,
      orgName: 'acme',
      resourceTypes: TYPES,
      user: ME,
    });
    expect(caps).toMatchObject({
      source: 'own-authorization',
      readUsers: { state: 'yes' },
      writeUsers: { state: 'yes' },
      mintInOrg: { state: 'yes' },
      mintForOthers: { state: 'yes' },
    });
    expect(caps.holdings).toEqual([
      { type: 'authorizations', read: 'org', write: 'org' },
      { type: 'buckets', read: 'org', write: 'org' },
      { type: 'orgs', read: 'org', write: 'none' },
      { type: 'users', read: 'instance', write: 'instance' },
      { type: 'secrets', read: 'org', write: 'org' },
    ]);
    expect(otherOwnerAvailability(caps)).toEqual({ state: 'available' });
  });

  it('an All Access-like credential (users scoped to itself) cannot mint for others: blocked with the fix', () => {
    const perms: PermissionDTO[] = [
      { action: 'write', resource: { type: 'authorizations', orgID: ORG } },
      { action: 'read', resource: { type: 'users', id: ME.id } },
      { action: 'write', resource: { type: 'users', id: ME.id } },
      { action: 'read', resource: { type: 'buckets', id: 'a000000000000001', orgID: ORG } },
    ];
    const caps = capabilitiesFromPermissions(perms, { orgID: ORG, orgName: 'acme', resourceTypes: TYPES, user: ME });
    expect(caps).toMatchObject({
      readUsers: { state: 'no' },
      writeUsers: { state: 'no' },
      mintInOrg: { state: 'yes' },
      mintForOthers: { state: 'no' },
    });
    expect(caps.holdings?.find((h) => h.type === 'users')).toEqual({ type: 'users', read: 'own', write: 'own' });
    expect(caps.holdings?.find((h) => h.type === 'buckets')).toEqual({ type: 'buckets', read: 'some', write: 'none' });
    expect(otherOwnerAvailability(caps)).toEqual({ state: 'blocked', message: OTHER_OWNER_BLOCKED });
    expect(OTHER_OWNER_BLOCKED).toMatch(/write:users.*401.*read:users and write:users/);
  });

  it('an operator token reaches every type instance-wide', () => {
    const perms = TYPES.flatMap((type) => (['read', 'write'] as const).map((action) => ({ action, resource: { type } })));
    const caps = capabilitiesFromPermissions(perms, { orgID: ORG, orgName: 'acme', resourceTypes: TYPES });
    expect(caps.holdings?.every((h) => h.read === 'instance' && h.write === 'instance')).toBe(true);
    expect(caps.mintForOthers.state).toBe('yes');
  });

  it('probe: says what is unknown; seeing other users means it can read users; a learned 401 blocks', () => {
    const none = capabilitiesFromProbe({ user: ME, visibleUsers: [ME], why: 'INFLUX_TOKEN_ID is not set.' });
    expect(none).toMatchObject({
      source: 'probe',
      readUsers: { state: 'unknown' },
      writeUsers: { state: 'unknown' },
      mintForOthers: { state: 'unknown' },
    });
    expect(none.notes[0]).toBe('INFLUX_TOKEN_ID is not set.');
    expect(otherOwnerAvailability(none).state).toBe('unverified');
    expect(capabilitiesFromProbe({ user: ME, visibleUsers: [ME, { id: 'b000000000000001' }], why: '' }).readUsers.state).toBe('yes');
    expect(capabilitiesFromProbe({ why: '' }).readUsers.state).toBe('unknown');
    const learned = capabilitiesFromProbe({ user: ME, visibleUsers: [ME], why: '', learnedNoWriteUsers: true });
    expect(otherOwnerAvailability(learned)).toEqual({ state: 'blocked', message: OTHER_OWNER_BLOCKED });
  });
});
