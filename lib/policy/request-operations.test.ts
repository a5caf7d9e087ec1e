import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type GrantPolicy } from './grant-policy';
import { REQUEST_OPERATIONS, decide } from './operations';

const SENSITIVE = { sensitive: ['write on authorizations'], codeRunning: [], otherOwner: true, ownerName: 'iot_user_1' };

describe('access request operations (issue 15)', () => {
  it('a viewer may not request, withdraw, review or mint, and is told why', () => {
    for (const op of REQUEST_OPERATIONS) {
      const d = decide('viewer', `request.${op}`, DEFAULT_POLICY);
      expect(d).toMatchObject({ allowed: false, reason: 'role', message: expect.stringContaining('You are signed in as a viewer.') });
    }
    expect(decide('viewer', 'request.create', DEFAULT_POLICY)).toMatchObject({
      message: 'Only creators may request tokens. You are signed in as a viewer.',
    });
  });

  it('creators request, withdraw and mint; only admins review', () => {
    expect(decide('creator', 'request.create', DEFAULT_POLICY).allowed).toBe(true);
    expect(decide('creator', 'request.withdraw', DEFAULT_POLICY).allowed).toBe(true);
    expect(decide('creator', 'request.mint', DEFAULT_POLICY).allowed).toBe(true);
    expect(decide('creator', 'request.review', DEFAULT_POLICY)).toMatchObject({
      allowed: false,
      message: 'Only admins may review token requests. You are signed in as a creator.',
    });
    for (const op of REQUEST_OPERATIONS) expect(decide('admin', `request.${op}`, DEFAULT_POLICY).allowed).toBe(true);
  });

  it('minting an approved request is not a grant decision for the requester: the approval was', () => {
    // A creator may not mint these grants directly, but may mint them once an admin approved them.
    expect(decide('creator', 'token.mint', DEFAULT_POLICY, SENSITIVE).allowed).toBe(false);
    expect(decide('creator', 'request.mint', DEFAULT_POLICY, SENSITIVE).allowed).toBe(true);
  });

  it('the roles do not follow the grant settings: a stricter mint role still lets creators ask', () => {
    const strict: GrantPolicy = { mintRole: 'admin', sensitiveRole: 'admin', otherOwnerRole: 'admin' };
    expect(decide('creator', 'token.mint', strict).allowed).toBe(false);
    expect(decide('creator', 'request.create', strict).allowed).toBe(true);
  });
});
