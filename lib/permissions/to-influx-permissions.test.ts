import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyGrant, formGrant, influxId } from './arbitraries';
import { normaliseGrants } from './model';
import { fromInfluxPermissions, GrantError, toInfluxPermissions } from './to-influx-permissions';

describe('toInfluxPermissions', () => {
  it('never emits a name-only or org-less resource (orgs and users are scoped by id)', () => {
    fc.assert(
      fc.property(fc.array(anyGrant(), { maxLength: 12 }), influxId(), influxId(), (grants, orgID, ownerUserID) => {
        let perms;
        try {
          perms = toInfluxPermissions(grants, { orgID, ownerUserID });
        } catch (e) {
          // Refusing is allowed (e.g. type-wide users); emitting something unscoped is not.
          expect(e).toBeInstanceOf(GrantError);
          return;
        }
        for (const p of perms) {
          const r = p.resource;
          expect(r).not.toHaveProperty('name');
          expect(r).not.toHaveProperty('org');
          if (r.type === 'orgs') {
            expect(r).toEqual({ type: 'orgs', id: orgID });
          } else if (r.type === 'users') {
            expect(r.id).toMatch(/^[0-9a-f]{16}$/);
            expect(r.orgID).toBeUndefined();
          } else {
            expect(r.orgID).toBe(orgID);
            if (r.id !== undefined) expect(r.id).toMatch(/^[0-9a-f]{16}$/);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('emits exactly one permission per (grant, item) after normalising, and round-trips', () => {
    fc.assert(
      fc.property(fc.array(formGrant(), { maxLength: 10 }), influxId(), influxId(), (grants, orgID, ownerUserID) => {
        const perms = toInfluxPermissions(grants, { orgID, ownerUserID });
        const expected = normaliseGrants(grants).reduce((n, g) => n + (g.scope.kind === 'items' ? g.scope.items.length : 1), 0);
        expect(perms).toHaveLength(expected);
        const back = fromInfluxPermissions(perms, { orgID, ownerUserID });
        expect(back.foreign).toEqual([]);
        const strip = (gs: typeof grants) =>
          normaliseGrants(gs).map((g) =>
            g.scope.kind === 'items' ? { ...g, scope: { kind: 'items', items: g.scope.items.map((i) => ({ id: i.id })) } } : g,
          );
        expect(strip(back.grants)).toEqual(strip(grants));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses type-wide users and owner grants without a known owner', () => {
    expect(() => toInfluxPermissions([{ type: 'users', action: 'read', scope: { kind: 'all' } }], { orgID: 'a'.repeat(16) })).toThrow(
      GrantError,
    );
    expect(() => toInfluxPermissions([{ type: 'users', action: 'read', scope: { kind: 'owner' } }], { orgID: 'a'.repeat(16) })).toThrow(
      /owning user/,
    );
  });
});
