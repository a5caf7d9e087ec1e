// fast-check generators for the inventory's property tests: authorizations shaped like the ones
// InfluxDB OSS returns (in-org, type-wide, per-item, operator-wide, other orgs).
import fc from 'fast-check';
import type { AuthorizationSummary, PermissionDTO } from '@/lib/influx/dto';

export const ORG = '0a0a0a0a0a0a0a0a';
export const OTHER_ORG = '0b0b0b0b0b0b0b0b';
export const TYPES = ['buckets', 'dashboards', 'tasks', 'telegrafs', 'authorizations', 'secrets', 'users', 'orgs', 'variables'];
export const BUCKETS = ['1111111111111111', '2222222222222222', '3333333333333333'];
export const OWNERS = [
  { id: 'a000000000000001', name: 'ana' },
  { id: 'a000000000000002', name: 'bo' },
  { id: 'a000000000000003', name: 'token-console' },
];

const hexId = fc.stringMatching(/^[0-9a-f]{16}$/);

export const permissionArb: fc.Arbitrary<PermissionDTO> = fc.oneof(
  // type-wide in the org
  fc
    .record({
      action: fc.constantFrom('read' as const, 'write' as const),
      type: fc.constantFrom(...TYPES.filter((t) => t !== 'orgs' && t !== 'users')),
    })
    .map(({ action, type }) => ({ action, resource: { type, orgID: ORG } })),
  // one bucket
  fc
    .record({ action: fc.constantFrom('read' as const, 'write' as const), id: fc.constantFrom(...BUCKETS), named: fc.boolean() })
    .map(({ action, id, named }) => ({
      action,
      resource: { type: 'buckets', id, orgID: ORG, ...(named ? { name: `b-${id.slice(0, 2)}` } : {}) },
    })),
  // the org itself, a user
  fc.constantFrom('read' as const, 'write' as const).map((action) => ({ action, resource: { type: 'orgs', id: ORG } })),
  fc
    .record({ action: fc.constantFrom('read' as const, 'write' as const), id: fc.constantFrom(...OWNERS.map((o) => o.id)) })
    .map(({ action, id }) => ({
      action,
      resource: { type: 'users', id },
    })),
  // operator-wide and other org
  fc
    .record({ action: fc.constantFrom('read' as const, 'write' as const), type: fc.constantFrom(...TYPES) })
    .map(({ action, type }) => ({ action, resource: { type } })),
  fc
    .record({ action: fc.constantFrom('read' as const, 'write' as const), type: fc.constantFrom('buckets', 'dashboards') })
    .map(({ action, type }) => ({
      action,
      resource: { type, orgID: OTHER_ORG },
    })),
);

export const isoArb = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }).map((ms) => new Date(ms).toISOString());

export const authorizationArb: fc.Arbitrary<AuthorizationSummary> = fc
  .record({
    id: hexId,
    description: fc.oneof(fc.constantFrom('', 'ops telegraf', 'CI writer', 'Grafana read', 'éclair ünïcode'), fc.string({ maxLength: 30 })),
    status: fc.constantFrom('active' as const, 'inactive' as const),
    owner: fc.constantFrom(...OWNERS),
    createdAt: isoArb,
    updatedAt: isoArb,
    permissions: fc.array(permissionArb, { minLength: 1, maxLength: 12 }),
  })
  .map(({ owner, ...a }) => ({ ...a, orgID: ORG, org: 'acme', userID: owner.id, user: owner.name }));

/** Unique ids, as InfluxDB guarantees. */
export const authorizationsArb = fc.uniqueArray(authorizationArb, { selector: (a) => a.id, maxLength: 60 });
