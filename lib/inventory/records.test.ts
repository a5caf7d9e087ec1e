import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { permissionKey, recordBuilder, toInventoryRecord } from './records';
import { ORG, TYPES, authorizationArb, permissionArb } from './support/arbitraries';

const ctx = { orgID: ORG, resourceTypes: TYPES, consoleTokenID: 'c000000000000001' };

// Tokens drawn from a few permission sets, as in a fleet (one set, thousands of devices), with
// owners that differ: a set that grants on users reads differently per owner ("its own user").
const fleetArb = fc
  .tuple(fc.array(fc.array(permissionArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }), fc.array(authorizationArb))
  .chain(([sets, tokens]) =>
    fc.tuple(
      fc.constant(sets),
      fc.constant(tokens),
      fc.array(fc.nat({ max: sets.length - 1 }), { minLength: tokens.length, maxLength: tokens.length }),
    ),
  )
  .map(([sets, tokens, picks]) => tokens.map((t, i) => ({ ...t, permissions: sets[picks[i]!]! })));

describe('recordBuilder', () => {
  it('makes the same records as toInventoryRecord, one token at a time', () => {
    fc.assert(
      fc.property(fleetArb, (tokens) => {
        const { build } = recordBuilder(ctx);
        for (const a of tokens) expect(build(a)).toEqual(toInventoryRecord(a, ctx));
      }),
      { numRuns: 200 },
    );
  });

  it('shares the summary of one permission set among the tokens that hold it', () => {
    const { build } = recordBuilder(ctx);
    const permissions = [{ action: 'read' as const, resource: { type: 'orgs', id: ORG } }];
    const [a, b] = ['d000000000000001', 'd000000000000002'].map((id) =>
      build({ id, description: id, status: 'active', orgID: ORG, userID: 'a000000000000001', permissions }),
    );
    expect(a!.summary).toBe(b!.summary);
    expect(a!.bucketRead).toBe(b!.bucketRead);
  });
});

describe('recordBuilder with the kept list of the previous read', () => {
  // The next read: some tokens gone, some changed (description, status, owner, permissions), some new.
  const nextReadArb = fleetArb.chain((before) =>
    fc.tuple(
      fc.constant(before),
      fc.array(fc.constantFrom('same', 'gone', 'description', 'status', 'owner', 'permissions', 'updated'), {
        minLength: before.length,
        maxLength: before.length,
      }),
      fc.array(authorizationArb, { maxLength: 5 }),
      fc.array(permissionArb, { minLength: 1, maxLength: 3 }),
    ),
  );

  it('makes the same records as a first read would, and keeps the records of unchanged tokens', () => {
    fc.assert(
      fc.property(nextReadArb, fc.boolean(), ([before, fates, added, otherPermissions], otherTypes) => {
        const first = recordBuilder(ctx);
        const records = before.map(first.build);
        const after = before.flatMap((a, i) => {
          switch (fates[i]) {
            case 'gone':
              return [];
            case 'description':
              return [{ ...a, description: `${a.description} (renamed)` }];
            case 'status':
              return [{ ...a, status: a.status === 'active' ? ('inactive' as const) : ('active' as const) }];
            case 'owner':
              return [{ ...a, userID: 'a0000000000000ff', user: 'someone else' }];
            case 'permissions':
              return [{ ...a, permissions: otherPermissions }];
            case 'updated':
              return [{ ...a, updatedAt: '2027-01-01T00:00:00.123456789Z' }];
            default:
              return [{ ...a }];
          }
        });
        const next = [...after, ...added.filter((n) => !before.some((b) => b.id === n.id))];
        // A server upgrade can bring new resource types: then nothing is carried over.
        const nextCtx = otherTypes ? { ...ctx, resourceTypes: [...TYPES, 'notebooks'] } : ctx;
        const second = recordBuilder(nextCtx, { memo: first.memo, records });
        const made = next.map((a) => {
          const record = second.build(a);
          expect(record).toEqual(toInventoryRecord(a, nextCtx));
          const i = before.findIndex((b) => b.id === a.id);
          if (!otherTypes && i >= 0 && fates[i] === 'same') expect(record).toBe(records[i]);
          return record;
        });
        // What the read changed, as filter.ts carryOrders needs it: exactly the records that left, and those that came.
        const diff = second.diff();
        if (otherTypes) expect(diff).toBeUndefined();
        else {
          // The very objects (toBe, not toEqual): carryOrders finds them by identity.
          const left = records.filter((r) => !made.includes(r));
          const came = made.filter((r) => !records.includes(r));
          expect(diff!.removed.size).toBe(left.length);
          for (const r of left) expect(diff!.removed.has(r)).toBe(true);
          expect(diff!.added.length).toBe(came.length);
          for (const r of came) expect(diff!.added.includes(r)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('permissionKey', () => {
  it('names the owner only when a permission is on users', () => {
    fc.assert(
      fc.property(authorizationArb, fc.constantFrom('a000000000000001', 'a000000000000002'), (a, other) => {
        const onUsers = a.permissions.some((p) => p.resource.type === 'users');
        expect(permissionKey({ ...a, userID: other }) === permissionKey(a)).toBe(!onUsers || other === a.userID);
      }),
    );
  });
});
