import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choice } from '@/lib/lifetimes/arbitraries';
import { encodeLifetimeChoice } from '@/lib/lifetimes/choice';
import { influxId } from '@/lib/permissions/arbitraries';
import { grantKey, type Grant } from '@/lib/permissions/model';
import { requestForm } from './arbitraries';
import { canonicalForm, formFingerprint } from './fingerprint';
import type { RequestForm } from './model';

/** The same grants, in another order, with item lists shuffled and a grant repeated. */
const reordered = (grants: readonly Grant[], seed: number): Grant[] => {
  const shuffle = <T>(xs: readonly T[]) =>
    xs
      .map((x, i) => ({ x, k: (i * 7919 + seed) % 101 }))
      .sort((a, b) => a.k - b.k)
      .map((p) => p.x);
  const out = shuffle(grants).map((g) =>
    g.scope.kind === 'items' ? { ...g, scope: { kind: 'items' as const, items: shuffle(g.scope.items) } } : g,
  );
  return out.length > 0 ? [...out, out[0]!] : out;
};

describe('formFingerprint', () => {
  it('is stable under reordering (and repeating) permissions and items', () => {
    fc.assert(
      fc.property(requestForm(), fc.nat(1000), (form, seed) => {
        expect(formFingerprint({ ...form, grants: reordered(form.grants, seed) })).toBe(formFingerprint(form));
      }),
    );
  });

  it('ignores display names, which InfluxDB ignores too', () => {
    const form: RequestForm = {
      connectionId: 'default',
      orgID: '0123456789abcdef',
      description: 'telegraf on edge-01',
      owner: { kind: 'existing', userID: '1111111111111111', name: 'ana' },
      grants: [{ type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: '2222222222222222', name: 'metrics' }] } }],
      lifetime: { kind: 'duration', ms: 7 * 86_400_000 },
    };
    const renamed: RequestForm = {
      ...form,
      owner: { kind: 'existing', userID: '1111111111111111' },
      grants: [{ type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: '2222222222222222', name: 'renamed' }] } }],
    };
    expect(formFingerprint(renamed)).toBe(formFingerprint(form));
  });

  it('two forms share a fingerprint exactly when their canonical forms are equal', () => {
    fc.assert(
      fc.property(requestForm(), requestForm(), (a, b) => {
        expect(formFingerprint(a) === formFingerprint(b)).toBe(canonicalForm(a) === canonicalForm(b));
      }),
    );
  });

  const changes: Record<string, (f: RequestForm) => fc.Arbitrary<RequestForm>> = {
    connection: (f) =>
      fc
        .constantFrom('default', 'eu-prod', 'us-east', 'staging')
        .filter((c) => c !== f.connectionId)
        .map((connectionId) => ({ ...f, connectionId })),
    org: (f) =>
      influxId()
        .filter((id) => id !== f.orgID)
        .map((orgID) => ({ ...f, orgID })),
    description: (f) => fc.constant({ ...f, description: `${f.description} (v2)` }),
    owner: (f) =>
      fc.constant({
        ...f,
        owner:
          f.owner.kind === 'console'
            ? { kind: 'existing' as const, userID: '1111111111111111' }
            : f.owner.kind === 'existing'
              ? { kind: 'new' as const, name: 'someone_else' }
              : { kind: 'console' as const },
      }),
    lifetime: (f) =>
      choice()
        .filter((c) => encodeLifetimeChoice(c) !== encodeLifetimeChoice(f.lifetime))
        .map((lifetime) => ({ ...f, lifetime })),
    'a permission removed': (f) =>
      f.grants.length > 1
        ? fc.nat(f.grants.length - 1).map((i) => ({ ...f, grants: f.grants.filter((_, j) => j !== i) }))
        : fc.constant(null as never),
    'a permission added': (f) =>
      fc
        .constantFrom('dashboards', 'variables', 'labels', 'notebooks')
        .chain((type) => fc.constantFrom('read' as const, 'write' as const).map((action) => ({ type, action })))
        .filter((g) => !f.grants.some((h) => grantKey(h) === grantKey(g)))
        .map((g) => ({ ...f, grants: [...f.grants, { ...g, scope: { kind: 'all' as const } }] })),
    'an action flipped': (f) =>
      fc.nat(f.grants.length - 1).map((i) => {
        const g = f.grants[i]!;
        const flipped = { ...g, action: g.action === 'read' ? ('write' as const) : ('read' as const) };
        // Flipping onto an existing grant merges the two: still a change, as long as it is not the same set.
        return { ...f, grants: f.grants.map((h, j) => (j === i ? flipped : h)) };
      }),
  };

  for (const [what, change] of Object.entries(changes)) {
    it(`changes when the ${what} changes`, () => {
      fc.assert(
        fc.property(
          requestForm().chain((f) => fc.tuple(fc.constant(f), change(f))),
          ([before, after]) => {
            if (after === null) return;
            expect(formFingerprint(after)).not.toBe(formFingerprint(before));
          },
        ),
      );
    });
  }
});
