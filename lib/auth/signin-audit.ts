// Sign-ins, failed sign-ins and sign-outs as audit events (issue 14). Built here, written by
// auth.ts. A failed sign-in under an unknown username carries only its keyed tag (local-signin.ts):
// what was typed is often a password typed into the wrong box.
import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '@/lib/storage/audit';
import type { Role } from './roles';

export const SIGNIN_ACTION = 'auth.signin';
export const SIGNOUT_ACTION = 'auth.signout';

export type FailedLocalSignIn =
  { username: string; reason: 'password'; address: string } | { usernameTag: string; reason: 'password'; address: string };

export function failedLocalSignInEvent(f: FailedLocalSignIn): AuditEvent {
  const known = 'username' in f;
  return {
    requestId: randomUUID(),
    actor: known
      ? { id: `local:${f.username}`, name: f.username, role: 'none' }
      : { id: `local:unknown:${f.usernameTag}`, name: 'unknown user', role: 'none' },
    action: SIGNIN_ACTION,
    outcome: 'failure',
    detail: { provider: 'local', reason: f.reason, address: f.address, ...(known ? {} : { usernameTag: f.usernameTag }) },
  };
}

export function refusedOidcSignInEvent(sub: string, name: string | undefined): AuditEvent {
  return {
    requestId: randomUUID(),
    actor: { id: `oidc:${sub}`, name: name ?? sub, role: 'none' },
    action: SIGNIN_ACTION,
    outcome: 'refused',
    detail: { provider: 'oidc', reason: 'no-role' },
  };
}

export interface SignedInPerson {
  id: string;
  name?: string | null;
  email?: string | null;
  role?: Role | null;
  provider: string;
}

export function signInEvent(p: SignedInPerson): AuditEvent {
  return {
    requestId: randomUUID(),
    actor: { id: p.id, name: p.name ?? p.id, ...(p.email ? { email: p.email } : {}), role: p.role ?? 'none' },
    action: SIGNIN_ACTION,
    outcome: 'success',
    detail: { provider: p.provider },
  };
}

export function signOutEvent(p: SignedInPerson): AuditEvent {
  return { ...signInEvent(p), action: SIGNOUT_ACTION };
}
