import 'server-only';
// Who is asking, checked on every request: pages, route handlers and the action wrapper all come
// here. The role is recomputed each time from the users file or the OIDC role map, so a demoted
// or removed person loses access on their next request, not when their cookie expires.
import { cookies, headers } from 'next/headers';
import type { Session } from 'next-auth';
import { getConfig } from '@/lib/config/server-config';
import { servedOverHttps } from '@/lib/security/served-over-https';
import { auth, SESSION_ABSOLUTE_SECONDS } from './auth';
import { createSessionCache, sessionCookieKey } from './session-cache';
import { sessionFromCookies } from './session-cookie';
import { oidcRoleMap } from './oidc-role-map';
import { roleForIdentity, type Role } from './roles';
import { currentLocalRole } from './users-file';

export interface ConsoleUser {
  /** Stable subject: "local:<username>" or "oidc:<sub>". */
  id: string;
  name: string;
  email?: string;
  role: Role;
  provider: 'local' | 'oidc';
}

// Short enough that honouring a cookie slightly past its idle expiry does not matter.
const decoded = createSessionCache<Session>({ ttlMs: 5_000, max: 2_000 });

async function currentSession(): Promise<Session | null> {
  const jar = (await cookies()).getAll();
  const key = sessionCookieKey(jar);
  const kept = key ? decoded.get(key) : undefined;
  if (kept) return kept;
  // The cookie decrypted directly (session-cookie.ts); auth() only for a session split in chunks.
  const config = getConfig();
  const https = servedOverHttps({
    authUrl: config.AUTH_URL,
    trustProxy: config.CONSOLE_TRUST_PROXY,
    forwardedProto: (await headers()).get('x-forwarded-proto'),
  });
  const direct = await sessionFromCookies(jar, config.AUTH_SECRET, { https });
  const session = direct === undefined ? await auth() : direct;
  if (key && session) decoded.set(key, session);
  return session;
}

export async function getCurrentUser(): Promise<ConsoleUser | null> {
  const session = await currentSession();
  const identity = session?.identity;
  const id = session?.user?.id;
  // Check concrete fields, never the truthiness of the session object (see Auth.js advisory).
  if (!session || !identity || typeof id !== 'string' || !id) return null;
  if (!identity.signedInAt || Date.now() / 1000 - identity.signedInAt > SESSION_ABSOLUTE_SECONDS) return null;

  let role: Role | null = null;
  const config = getConfig();
  if (identity.provider === 'local' && identity.username && config.CONSOLE_USERS_FILE) {
    role = currentLocalRole(config.CONSOLE_USERS_FILE, identity.username);
  } else if (identity.provider === 'oidc' && config.OIDC_ISSUER) {
    role = roleForIdentity(oidcRoleMap(), {
      email: session.user?.email || undefined,
      ...(identity.emailVerified !== undefined ? { emailVerified: identity.emailVerified } : {}),
      groups: identity.groups,
    });
  }
  if (!role) return null;
  return {
    id,
    name: session.user?.name ?? id,
    ...(session.user?.email ? { email: session.user.email } : {}),
    role,
    provider: identity.provider === 'oidc' ? 'oidc' : 'local',
  };
}
