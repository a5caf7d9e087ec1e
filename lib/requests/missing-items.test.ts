import { describe, expect, it } from 'vitest';
import { missingItemProblems } from './missing-items';
import type { RequestForm } from './model';

const form: RequestForm = {
  connectionId: 'default',
  orgID: '0123456789abcdef',
  description: 'edge',
  owner: { kind: 'console' },
  grants: [
    { type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id: '2222222222222222', name: 'metrics' }] } },
    {
      type: 'buckets',
      action: 'write',
      scope: { kind: 'items', items: [{ id: '2222222222222222', name: 'metrics' }, { id: '3333333333333333' }] },
    },
    { type: 'telegrafs', action: 'read', scope: { kind: 'all' } },
  ],
  lifetime: { kind: 'never' },
};

describe('missingItemProblems', () => {
  it('nothing missing, nothing to say', () => {
    expect(missingItemProblems(form, [], 'mint')).toBeUndefined();
  });

  it('names each vanished item on every grant that uses it, and what to do at each stage', () => {
    const missing = [
      { type: 'buckets', id: '2222222222222222', claimedName: 'metrics', why: 'not-found' as const },
      { type: 'buckets', id: '3333333333333333', why: 'other-org' as const },
    ];
    const atMint = missingItemProblems(form, missing, 'mint')!;
    expect(atMint.fieldErrors).toEqual({
      'form.grants.0.scope': ['buckets metrics (2222222222222222) no longer exists.'],
      'form.grants.1.scope': [
        'buckets metrics (2222222222222222) no longer exists.',
        'buckets 3333333333333333 is not in this organisation.',
      ],
    });
    expect(atMint.formError).toMatch(
      /metrics \(2222222222222222\), 3333333333333333\. It cannot be created as approved; send a new request without them\.$/,
    );
    expect(missingItemProblems(form, missing, 'review')!.formError).toMatch(/approve it narrowed without them\.$/);
  });
});
