import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choice, instant } from '@/lib/lifetimes/arbitraries';
import { expiryOf } from '@/lib/lifetimes/choice';
import { formGrant } from '@/lib/permissions/arbitraries';
import { grantKey, normaliseGrants, type Grant } from '@/lib/permissions/model';
import { requestForm } from './arbitraries';
import type { RequestForm } from './model';
import { lifetimeWithin, narrowingProblem } from './narrowing';

const DAY = 86_400_000;
const WINDOW = DAY;

/** A form that only removes grants or items, or turns "all" into items, of `f`. */
const narrowerOf = (f: RequestForm): fc.Arbitrary<RequestForm> =>
  fc
    .tuple(fc.subarray(f.grants, { minLength: 1 }), fc.array(fc.nat(), { minLength: f.grants.length, maxLength: f.grants.length }))
    .map(([kept, picks]) => ({
      ...f,
      grants: normaliseGrants(
        kept.map((g, i): Grant => {
          const pick = picks[i]!;
          if (g.scope.kind === 'items' && g.scope.items.length > 1)
            return { ...g, scope: { kind: 'items', items: g.scope.items.slice(0, 1 + (pick % g.scope.items.length)) } };
          if (g.scope.kind === 'all' && (g.type === 'buckets' || g.type === 'telegrafs') && pick % 2 === 0)
            return { ...g, scope: { kind: 'items', items: [{ id: 'abcdefabcdefabcd' }] } };
          return g;
        }),
      ),
    }));

/** A narrower form of `f`, then perhaps a grant added, the lifetime changed or another form altogether. */
const withSomethingMaybeWidened = (f: RequestForm): fc.Arbitrary<[RequestForm, RequestForm]> =>
  fc
    .tuple(narrowerOf(f), fc.option(formGrant()), fc.option(choice()), fc.option(requestForm(), { freq: 5 }))
    .map(([n, added, lifetime, other]) => [
      f,
      other ?? { ...n, grants: added ? normaliseGrants([...n.grants, added]) : n.grants, lifetime: lifetime ?? n.lifetime },
    ]);

/** An expiry as a number, never as infinity. */
const at = (c: RequestForm['lifetime'], t: Date) => expiryOf(c, t)?.getTime() ?? Infinity;

describe('narrowingProblem', () => {
  it('accepts removing grants and items, and "all" becoming chosen items, with the lifetime kept', () => {
    fc.assert(
      fc.property(
        requestForm().chain((f) => fc.tuple(fc.constant(f), narrowerOf(f))),
        instant(),
        ([original, narrowed], now) => {
          const problem = narrowingProblem(original, narrowed, now, new Date(now.getTime() + WINDOW));
          if (JSON.stringify(narrowed.grants) === JSON.stringify(original.grants)) expect(problem).toMatch(/Nothing was narrowed/);
          else expect(problem).toBeUndefined();
        },
      ),
    );
  });

  it('never accepts a new permission, a wider scope, or another owner, org, connection or description', () => {
    fc.assert(
      fc.property(requestForm().chain(withSomethingMaybeWidened), instant(), ([original, other], now) => {
        const until = new Date(now.getTime() + WINDOW);
        const problem = narrowingProblem(original, other, now, until);
        if (problem !== undefined) return;
        // Accepted: everything the other form grants, the original granted at least as widely.
        expect([other.connectionId, other.orgID, other.description]).toEqual([original.connectionId, original.orgID, original.description]);
        for (const g of other.grants) {
          const o = original.grants.find((h) => grantKey(h) === grantKey(g));
          expect(o).toBeDefined();
          if (o!.scope.kind === 'items')
            expect(
              g.scope.kind === 'items' &&
                g.scope.items.every((i) => (o!.scope.kind === 'items' ? o!.scope.items : []).some((j) => j.id === i.id)),
            ).toBe(true);
        }
      }),
    );
  });

  it('adding a grant to an approved set is refused, naming it', () => {
    const f: RequestForm = {
      connectionId: 'default',
      orgID: '0123456789abcdef',
      description: 'ci',
      owner: { kind: 'console' },
      grants: [{ type: 'buckets', action: 'read', scope: { kind: 'all' } }],
      lifetime: { kind: 'duration', ms: 30 * DAY },
    };
    const wider = { ...f, grants: [...f.grants, { type: 'buckets', action: 'write' as const, scope: { kind: 'all' as const } }] };
    expect(narrowingProblem(f, wider, new Date(), new Date())).toBe(
      'A narrowed approval may only remove permissions; write on buckets was not requested.',
    );
    const longer = { ...f, lifetime: { kind: 'duration' as const, ms: 31 * DAY } };
    expect(narrowingProblem(f, longer, new Date(), new Date())).toBe(
      'A narrowed approval may only shorten the lifetime, never lengthen it.',
    );
    const shorter = { ...f, lifetime: { kind: 'duration' as const, ms: 7 * DAY } };
    expect(narrowingProblem(f, shorter, new Date(), new Date())).toBeUndefined();
  });
});

describe('lifetimeWithin', () => {
  it('accepted means: minted at any moment of the window, the narrowed token stops no later', () => {
    fc.assert(
      fc.property(
        choice(),
        choice(),
        instant(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, o, from, a, b) => {
          const until = new Date(from.getTime() + WINDOW);
          if (!lifetimeWithin(n, o, from, until)) return;
          // The two tokens need not be minted at the same moment within the window only when one is fixed;
          // a duration pair is minted from one form at one moment.
          const t1 = new Date(from.getTime() + Math.floor(a * WINDOW));
          const t2 = n.kind === 'duration' && o.kind === 'duration' ? t1 : new Date(from.getTime() + Math.floor(b * WINDOW));
          expect(at(n, t1)).toBeLessThanOrEqual(at(o, t2));
        },
      ),
    );
  });

  it('never is within only never; anything is within never', () => {
    fc.assert(
      fc.property(choice(), instant(), (c, from) => {
        const until = new Date(from.getTime() + WINDOW);
        expect(lifetimeWithin(c, { kind: 'never' }, from, until)).toBe(true);
        expect(lifetimeWithin({ kind: 'never' }, c, from, until)).toBe(c.kind === 'never');
      }),
    );
  });
});
