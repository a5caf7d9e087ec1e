import { describe, expect, it } from 'vitest';
import { OTHER_OWNER_BLOCKED } from '@/lib/influx/judge-capabilities';
import { DEFAULT_POLICY } from '@/lib/policy/grant-policy';
import { otherOwnerOption } from './owner-option';
import { CANNOT_WRITE_USERS, CAN_WRITE_USERS, UNKNOWN_WRITE_USERS } from './support/mint-world';

describe('otherOwnerOption', () => {
  it('role first, then the credential; unknown stays available with a note', () => {
    expect(otherOwnerOption('creator', DEFAULT_POLICY, CAN_WRITE_USERS)).toMatchObject({ state: 'blocked', reason: 'role' });
    expect(otherOwnerOption('admin', DEFAULT_POLICY, CAN_WRITE_USERS)).toEqual({ state: 'available' });
    expect(otherOwnerOption('admin', DEFAULT_POLICY, CANNOT_WRITE_USERS)).toEqual({
      state: 'blocked',
      reason: 'credential',
      message: OTHER_OWNER_BLOCKED,
    });
    expect(otherOwnerOption('admin', DEFAULT_POLICY, UNKNOWN_WRITE_USERS)).toMatchObject({
      state: 'available',
      note: expect.stringMatching(/INFLUX_TOKEN_ID/),
    });
    expect(otherOwnerOption('admin', DEFAULT_POLICY, undefined)).toMatchObject({ state: 'available', note: expect.any(String) });
  });
});
