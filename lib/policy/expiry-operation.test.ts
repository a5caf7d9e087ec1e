import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './grant-policy';
import { decide, type GrantFacts } from './operations';

const plain: GrantFacts = { sensitive: [], codeRunning: [], otherOwner: false };

describe('setting a token expiry (issue 13)', () => {
  it('is for admins, on any token but the console credential', () => {
    expect(decide('viewer', 'token.expiry', DEFAULT_POLICY, plain)).toMatchObject({ allowed: false, reason: 'role' });
    expect(decide('creator', 'token.expiry', DEFAULT_POLICY, plain)).toEqual({
      allowed: false,
      reason: 'role',
      message: 'Only admins may set, change or remove token expiries. You are signed in as a creator.',
    });
    expect(decide('admin', 'token.expiry', DEFAULT_POLICY, plain)).toEqual({ allowed: true });
    expect(decide('admin', 'token.expiry', DEFAULT_POLICY, { ...plain, sensitive: ['write authorizations'], otherOwner: true })).toEqual({
      allowed: true,
    });
    expect(decide('admin', 'token.expiry', DEFAULT_POLICY, { ...plain, isConsoleCredential: true })).toMatchObject({
      allowed: false,
      reason: 'console-credential',
      message: expect.stringContaining('cannot get an expiry'),
    });
  });
});
