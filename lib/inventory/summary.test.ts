import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allAccessGrants } from '@/lib/permissions/presets';
import { toInfluxPermissions } from '@/lib/permissions/to-influx-permissions';
import { toInventoryRecord, toRow } from './records';
import { MAX_CHIPS, sensitiveLabels, summarisePermissions } from './summary';
import { ORG, TYPES, authorizationArb, permissionArb } from './support/arbitraries';

const TYPES_ON_SERVER = TYPES;
const ctx = { orgID: ORG, ownerUserID: 'a000000000000001', resourceTypes: TYPES_ON_SERVER };
const B1 = '1111111111111111';

describe('summarisePermissions', () => {
  it('never shows more than a few chips and counts the rest', () => {
    fc.assert(
      fc.property(fc.array(permissionArb, { maxLength: 40 }), (perms) => {
        const s = summarisePermissions(perms, ctx);
        expect(s.chips.length).toBeLessThanOrEqual(MAX_CHIPS);
        expect(s.more).toBeGreaterThanOrEqual(0);
        if (perms.length > 0) expect(s.chips.length).toBeGreaterThan(0);
      }),
    );
  });

  it('does not depend on the order InfluxDB lists permissions in', () => {
    fc.assert(
      fc.property(
        fc
          .array(permissionArb, { maxLength: 20 })
          .chain((p) => fc.tuple(fc.constant(p), fc.shuffledSubarray(p, { minLength: p.length, maxLength: p.length }))),
        ([a, b]) => {
          expect(summarisePermissions(b, ctx)).toEqual(summarisePermissions(a, ctx));
        },
      ),
    );
  });

  it('says "all access" for the All Access preset', () => {
    const perms = toInfluxPermissions(allAccessGrants(TYPES_ON_SERVER), { orgID: ORG, ownerUserID: ctx.ownerUserID });
    expect(summarisePermissions(perms, ctx)).toEqual({ allAccess: true, chips: ['all access'], more: 0 });
  });

  it('merges read and write of the same scope and names a single bucket', () => {
    const perms = [
      { action: 'read' as const, resource: { type: 'buckets', id: B1, orgID: ORG, name: 'telemetry' } },
      { action: 'write' as const, resource: { type: 'buckets', id: B1, orgID: ORG, name: 'telemetry' } },
      { action: 'read' as const, resource: { type: 'dashboards', orgID: ORG } },
    ];
    expect(summarisePermissions(perms, ctx).chips).toEqual(['read/write bucket telemetry', 'read all dashboards']);
  });

  it('shows an unnamed (deleted) bucket by a short id and counts several buckets', () => {
    const perms = [
      { action: 'write' as const, resource: { type: 'buckets', id: B1, orgID: ORG } },
      { action: 'read' as const, resource: { type: 'buckets', id: B1, orgID: ORG } },
      { action: 'read' as const, resource: { type: 'buckets', id: '2222222222222222', orgID: ORG } },
    ];
    expect(summarisePermissions(perms, ctx).chips).toEqual(['read 2 buckets', 'write bucket 11111111…']);
  });

  it('puts operator-wide reach first', () => {
    const perms = [
      { action: 'read' as const, resource: { type: 'buckets', orgID: ORG } },
      { action: 'write' as const, resource: { type: 'authorizations' } },
      { action: 'read' as const, resource: { type: 'authorizations' } },
      { action: 'read' as const, resource: { type: 'orgs' } },
    ];
    expect(summarisePermissions(perms, ctx).chips[0]).toBe('every org: read/write API tokens and organisations');
    const many = ['buckets', 'tasks', 'users'].map((type) => ({ action: 'read' as const, resource: { type } }));
    expect(summarisePermissions(many, ctx).chips[0]).toBe('every org: read 3 types');
  });
});

describe('sensitiveLabels', () => {
  it('flags minting tokens, reading secrets, all access and operator reach', () => {
    const labels = (perms: Parameters<typeof sensitiveLabels>[0]) => sensitiveLabels(perms, ctx).map((l) => l.label);
    expect(labels([{ action: 'write', resource: { type: 'authorizations', orgID: ORG } }])).toEqual(['write API tokens']);
    expect(labels([{ action: 'read', resource: { type: 'secrets', orgID: ORG } }])).toEqual(['read secrets']);
    expect(labels([{ action: 'read', resource: { type: 'buckets', orgID: ORG } }])).toEqual([]);
    expect(labels([{ action: 'write', resource: { type: 'authorizations' } }])).toEqual(['every org', 'write API tokens']);
    const all = toInfluxPermissions(allAccessGrants(TYPES_ON_SERVER), { orgID: ORG, ownerUserID: ctx.ownerUserID });
    expect(labels(all)).toContain('all access');
  });
});

describe('rows sent to the browser', () => {
  it('carry no token field, whatever the upstream object held', () => {
    fc.assert(
      fc.property(authorizationArb, fc.string({ minLength: 20 }), (a, secret) => {
        // The DTO type has no token; an object that sneaked one in must still not pass it on.
        const sneaky = { ...a, token: secret } as typeof a;
        const row = toRow(toInventoryRecord(sneaky, { orgID: ORG, resourceTypes: TYPES_ON_SERVER }));
        expect(Object.keys(row)).not.toContain('token');
        expect(JSON.stringify(row)).not.toContain(`"token"`);
      }),
    );
  });

  it('marks the console credential', () => {
    const a = { id: 'c000000000000009', description: 'console', status: 'active' as const, orgID: ORG, permissions: [] };
    expect(toRow(toInventoryRecord(a, { orgID: ORG, resourceTypes: [], consoleTokenID: a.id })).isConsoleCredential).toBe(true);
    expect(toRow(toInventoryRecord(a, { orgID: ORG, resourceTypes: [] })).isConsoleCredential).toBeUndefined();
  });
});
