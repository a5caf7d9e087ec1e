// fromInfluxPermissions is what the inventory and clone rely on to read a token back: reading a
// set and writing it again must give the same InfluxDB permissions, for in-org permissions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PermissionDTO } from '@/lib/influx/dto';
import { permissionString } from '@/lib/influx/permission-string';
import { fromInfluxPermissions, toInfluxPermissions } from './to-influx-permissions';

const ORG = '0a0a0a0a0a0a0a0a';
const OWNER = 'a000000000000001';
const action = fc.constantFrom('read' as const, 'write' as const);
const inOrgPermission: fc.Arbitrary<PermissionDTO> = fc.oneof(
  fc
    .record({ action, type: fc.constantFrom('buckets', 'dashboards', 'tasks', 'secrets') })
    .map(({ action, type }) => ({ action, resource: { type, orgID: ORG } })),
  fc
    .record({ action, id: fc.constantFrom('1111111111111111', '2222222222222222') })
    .map(({ action, id }) => ({ action, resource: { type: 'buckets', id, orgID: ORG } })),
  action.map((a) => ({ action: a, resource: { type: 'orgs', id: ORG } })),
  fc
    .record({ action, id: fc.constantFrom(OWNER, 'a000000000000002', 'a000000000000003') })
    .map(({ action, id }) => ({ action, resource: { type: 'users', id } })),
);

/** What a set reaches: a per-item permission under a type-wide one of the same action adds nothing. */
const asSet = (perms: readonly PermissionDTO[]) => {
  const typeWide = new Set(perms.filter((p) => !p.resource.id).map((p) => `${p.action}:${p.resource.type}`));
  return new Set(
    perms
      .filter(
        (p) =>
          !p.resource.id || p.resource.type === 'orgs' || p.resource.type === 'users' || !typeWide.has(`${p.action}:${p.resource.type}`),
      )
      .map(permissionString),
  );
};

describe('fromInfluxPermissions', () => {
  it('reads back every in-org permission: to(from(p)) reaches what p reaches', () => {
    fc.assert(
      fc.property(fc.array(inOrgPermission, { maxLength: 20 }), (perms) => {
        const { grants, foreign } = fromInfluxPermissions(perms, { orgID: ORG, ownerUserID: OWNER });
        expect(foreign).toEqual([]);
        expect(asSet(toInfluxPermissions(grants, { orgID: ORG, ownerUserID: OWNER }))).toEqual(asSet(perms));
      }),
    );
  });

  it('keeps the owner when the same action also reaches other users', () => {
    const perms: PermissionDTO[] = [
      { action: 'read', resource: { type: 'users', id: OWNER } },
      { action: 'read', resource: { type: 'users', id: 'a000000000000002' } },
    ];
    const { grants } = fromInfluxPermissions(perms, { orgID: ORG, ownerUserID: OWNER });
    expect(grants).toEqual([
      { type: 'users', action: 'read', scope: { kind: 'items', items: [{ id: OWNER }, { id: 'a000000000000002' }] } },
    ]);
  });

  it('reports permissions of another org or of the whole instance instead of dropping them', () => {
    const perms: PermissionDTO[] = [
      { action: 'read', resource: { type: 'buckets', orgID: '0b0b0b0b0b0b0b0b' } },
      { action: 'write', resource: { type: 'authorizations' } },
    ];
    const { grants, foreign } = fromInfluxPermissions(perms, { orgID: ORG });
    expect(grants).toEqual([]);
    expect(foreign).toEqual(perms);
  });
});
