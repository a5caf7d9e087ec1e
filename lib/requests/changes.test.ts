import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instant } from '@/lib/lifetimes/arbitraries';
import { requestForm } from './arbitraries';
import { canonicalForm } from './fingerprint';
import type { RequestForm } from './model';
import { narrowingChanges } from './changes';
import { narrowingProblem } from './narrowing';

const DAY = 86_400_000;
const form: RequestForm = {
  connectionId: 'default',
  orgID: '0123456789abcdef',
  description: 'edge',
  owner: { kind: 'console' },
  grants: [
    {
      type: 'buckets',
      action: 'write',
      scope: {
        kind: 'items',
        items: [
          { id: '2222222222222222', name: 'metrics' },
          { id: '3333333333333333', name: 'logs' },
        ],
      },
    },
    { type: 'buckets', action: 'read', scope: { kind: 'all' } },
    { type: 'tasks', action: 'write', scope: { kind: 'all' } },
  ],
  lifetime: { kind: 'duration', ms: 30 * DAY },
};

describe('narrowingChanges', () => {
  it('names each removed grant and item, a scope cut to items, and the shorter lifetime', () => {
    const narrowed: RequestForm = {
      ...form,
      grants: [
        { type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: '2222222222222222', name: 'metrics' }] } },
        { type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id: '2222222222222222', name: 'metrics' }] } },
      ],
      lifetime: { kind: 'duration', ms: 7 * DAY },
    };
    expect(narrowingChanges(form, narrowed)).toEqual([
      'write on buckets: removed logs',
      'read on buckets: only metrics instead of all',
      'removed write on tasks',
      'lifetime 30 days → 7 days',
    ]);
  });

  it('an accepted narrowing that changes the form always has words for it', () => {
    fc.assert(
      fc.property(requestForm(), fc.nat(), fc.boolean(), instant(), (f, drop, shorten, now) => {
        const grants = f.grants.length > 1 ? f.grants.filter((_, i) => i !== drop % f.grants.length) : f.grants;
        const narrowed: RequestForm = { ...f, grants, lifetime: shorten ? { kind: 'duration', ms: 1000 } : f.lifetime };
        if (narrowingProblem(f, narrowed, now, new Date(now.getTime() + DAY)) !== undefined) return;
        expect(canonicalForm(narrowed) === canonicalForm(f) || narrowingChanges(f, narrowed).length > 0).toBe(true);
      }),
    );
  });
});
