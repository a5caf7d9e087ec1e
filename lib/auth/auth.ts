import 'server-only';
// next-auth (Auth.js v5) wiring: local accounts from the users file and any OpenID Connect
// provider. Kept behind this one module (and session.ts) so a later swap of the auth library
// touches one place. Configuration is read lazily, per request, so `next build` needs no secrets.
import NextAuth, { type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getConfig } from '@/lib/config/server-config';
import { logger } from '@/lib/log/logger';
import { clientAddress } from '@/lib/security/client-address';
import { consoleLimiterStore } from '@/lib/security/limiter-store';
import { createSigninLimiter } from '@/lib/security/signin-limits';
import { signInLocal } from './local-signin';
import { oidcRoleMap } from './oidc-role-map';
import { isEmailVerified, roleForIdentity, type Role } from './roles';
import { recordAudit, type AuditEvent } from '@/lib/storage/audit';
import { safeCallbackPath } from './safe-callback';
import { sessionFromToken } from './session-cookie';
import { failedLocalSignInEvent, refusedOidcSignInEvent, signInEvent, signOutEvent } from './signin-audit';
import { loadLocalUsers } from './users-file';

/** Idle timeout: the session cookie is renewed on use and dies after this long unused. */
export const SESSION_IDLE_SECONDS = 2 * 60 * 60;
/** Absolute lifetime from sign-in, whatever the activity (checked in session.ts). */
export const SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;

declare module 'next-auth' {
  interface User {
    role?: Role;
    username?: string;
  }
  interface Session {
    identity?: {
      provider: string;
      username?: string;
      groups: string[];
      emailVerified?: boolean;
      signedInAt: number;
    };
  }
}

// A sign-in must not fail because the trail could not be written; the log says it was not.
async function audit(event: AuditEvent): Promise<void> {
  try {
    await recordAudit(event);
  } catch (error) {
    logger.error('audit write failed', { action: event.action, requestId: event.requestId, error: String(error) });
  }
}

// One per process: the limits count across requests (see signin-limits.ts for the sizes), in the
// store limiter-store.ts picks (shared by every console process on PostgreSQL). Made at first use,
// not at import, so that building the console opens no database.
let signinLimiter: ReturnType<typeof createSigninLimiter> | undefined;
const signinLimits = () => (signinLimiter ??= createSigninLimiter(consoleLimiterStore()));

/** A form field or claim as text: anything that is not a string counts as empty. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function buildConfig(): NextAuthConfig {
  const config = getConfig();
  const providers: NextAuthConfig['providers'] = [];

  if (config.CONSOLE_USERS_FILE) {
    const file = config.CONSOLE_USERS_FILE;
    providers.push(
      Credentials({
        id: 'local',
        name: 'Console account',
        credentials: { username: { label: 'Username' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, request) {
          const user = await signInLocal(
            {
              username: text(credentials?.username),
              password: text(credentials?.password),
              address: clientAddress(request?.headers),
            },
            {
              users: () => loadLocalUsers(file),
              limiter: signinLimits(),
              secret: config.AUTH_SECRET,
              log: (level, msg, fields) => logger[level](msg, fields),
              auditFailure: (failure) => audit(failedLocalSignInEvent(failure)),
            },
          );
          if (!user) return null;
          return {
            id: `local:${user.username}`,
            name: user.name ?? user.username,
            email: user.email,
            role: user.role,
            username: user.username,
          };
        },
      }),
    );
  }

  if (config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET) {
    providers.push({
      id: 'oidc',
      name: config.OIDC_NAME,
      type: 'oidc',
      issuer: config.OIDC_ISSUER,
      clientId: config.OIDC_CLIENT_ID,
      clientSecret: config.OIDC_CLIENT_SECRET,
      // state, nonce and PKCE: all three, so a replayed or swapped callback fails.
      checks: ['pkce', 'state', 'nonce'],
      authorization: { params: { scope: 'openid email profile' } },
      profile(profile: Record<string, unknown>) {
        const sub = text(profile.sub);
        const email = typeof profile.email === 'string' ? profile.email : undefined;
        return { id: `oidc:${sub}`, name: (typeof profile.name === 'string' ? profile.name : undefined) ?? email ?? sub, email };
      },
    });
  }

  return {
    providers,
    trustHost: true,
    secret: config.AUTH_SECRET,
    session: { strategy: 'jwt', maxAge: SESSION_IDLE_SECONDS, updateAge: 5 * 60 },
    pages: { signIn: '/signin', error: '/signin' },
    logger: {
      // Auth.js errors can carry request details; log the name only.
      error: (error) => logger.warn('auth error', { name: error.name, type: (error as { type?: string }).type }),
      warn: (code) => logger.info('auth warning', { code }),
      debug: () => {},
    },
    events: {
      async signIn({ user, account, profile }) {
        if (!account || !user.id) return;
        const role =
          account.provider === 'local'
            ? user.role
            : roleForIdentity(oidcRoleMap(), {
                email: profile?.email ?? undefined,
                emailVerified: isEmailVerified(profile?.email_verified),
                groups: Array.isArray(profile?.groups) ? (profile.groups as string[]) : [],
              });
        await audit(signInEvent({ id: user.id, name: user.name, email: user.email, role, provider: account.provider }));
      },
      async signOut(message) {
        const token = 'token' in message ? message.token : null;
        if (!token?.sub) return;
        await audit(signOutEvent({ id: token.sub, name: token.name, email: token.email, provider: text(token.provider) }));
      },
    },
    callbacks: {
      // Every destination Auth.js sends a browser to after sign-in or sign-out: a path on the
      // console, decided by the same function as the sign-in page's (issue 9, item 4).
      redirect({ url, baseUrl }) {
        return new URL(safeCallbackPath(url, baseUrl), baseUrl).href;
      },
      async signIn({ account, profile }) {
        if (account?.provider !== 'oidc') return true;
        const role = roleForIdentity(oidcRoleMap(), {
          email: profile?.email ?? undefined,
          emailVerified: isEmailVerified(profile?.email_verified),
          groups: Array.isArray(profile?.groups) ? (profile.groups as string[]) : [],
        });
        if (!role) {
          logger.info('sign-in refused: no role for this identity', { provider: 'oidc', sub: profile?.sub });
          await audit(refusedOidcSignInEvent(String(profile?.sub ?? ''), (profile?.name as string | undefined) ?? undefined));
        }
        return role !== null;
      },
      jwt({ token, user, account, profile }) {
        if (account && user) {
          // Identity is keyed on the provider's subject, never on the email.
          token.sub = user.id;
          token.provider = account.provider;
          token.signedInAt = Math.floor(Date.now() / 1000);
          if (account.provider === 'local') {
            token.username = user.username;
          } else {
            // Only a boolean true from the provider verifies; "true" strings and a missing claim do not.
            token.emailVerified = isEmailVerified(profile?.email_verified);
            token.groups = Array.isArray(profile?.groups) ? profile.groups : [];
          }
        }
        return token;
      },
      session({ session, token }) {
        // Only what the UI needs. The role is recomputed in session.ts on every request. The same
        // mapping serves the requests session.ts decodes without auth() (session-cookie.ts).
        return sessionFromToken(token, session);
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());
