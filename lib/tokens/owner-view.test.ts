import { describe, expect, it } from 'vitest';
import { authorizationRequestBody } from '@/lib/permissions/request-body';
import { ownerView } from './owner-view';

const consoleOwner = { id: 'aaaaaaaaaaaaaaaa', name: 'token-console' };

describe('ownerView', () => {
  it('names each kind of owner the way the review step says it', () => {
    expect(ownerView({ kind: 'console' }, consoleOwner)).toEqual({
      kind: 'console',
      ...consoleOwner,
      words: 'token-console (the console’s InfluxDB user)',
    });
    expect(ownerView({ kind: 'existing', userID: 'bbbbbbbbbbbbbbbb', name: 'ana' }, consoleOwner).words).toBe(
      'ana (an existing InfluxDB user)',
    );
    expect(ownerView({ kind: 'new', name: 'iot_user_1' }, consoleOwner).words).toBe(
      'iot_user_1 (a new InfluxDB user, created with the token)',
    );
  });

  it('puts the chosen user into "its own user" grants of the preview body', () => {
    const grants = [{ type: 'users', action: 'read' as const, scope: { kind: 'owner' as const } }];
    const form = { orgID: '0123456789abcdef', description: 'x', status: 'active' as const, grants };
    const existing = ownerView({ kind: 'existing', userID: 'bbbbbbbbbbbbbbbb', name: 'ana' }, consoleOwner);
    expect(authorizationRequestBody(form, { userID: existing.id }).permissions).toEqual([
      { action: 'read', resource: { type: 'users', id: 'bbbbbbbbbbbbbbbb' } },
    ]);
    const fresh = ownerView({ kind: 'new', name: 'iot_user_1' }, consoleOwner);
    expect(authorizationRequestBody(form, { userID: fresh.id })).toMatchObject({ userID: '<id of new user iot_user_1>' });
  });
});
