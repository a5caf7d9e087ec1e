import { describe, expect, it } from 'vitest';
import { refusedOidcSignInEvent, signInEvent, signOutEvent } from './signin-audit';

describe('sign-in audit events', () => {
  it('records a sign-in and a sign-out with the person and provider', () => {
    const person = { id: 'oidc:42', name: 'Ada', email: 'ada@example.com', role: 'admin' as const, provider: 'oidc' };
    expect(signInEvent(person)).toMatchObject({
      actor: { id: 'oidc:42', name: 'Ada', email: 'ada@example.com', role: 'admin' },
      action: 'auth.signin',
      outcome: 'success',
      detail: { provider: 'oidc' },
    });
    const out = signOutEvent({ id: 'local:bob', provider: 'local' });
    expect(out).toMatchObject({ actor: { id: 'local:bob', name: 'local:bob', role: 'none' }, action: 'auth.signout', outcome: 'success' });
    expect(out.requestId).not.toBe(signInEvent(person).requestId);
  });

  it('records an OIDC identity without a role as refused', () => {
    expect(refusedOidcSignInEvent('sub-1', undefined)).toMatchObject({
      actor: { id: 'oidc:sub-1', name: 'sub-1', role: 'none' },
      action: 'auth.signin',
      outcome: 'refused',
      detail: { reason: 'no-role' },
    });
  });
});
