// Reading the session straight from its cookie, for the requests the session cache misses (a
// person's first request after sign-in, or after 5 s away). auth() runs Auth.js's whole request
// pipeline for that: a CSRF token and its SHA-256 digest, the JWE decryption, the session
// callbacks and an encryption of a refreshed cookie that a server component or action then drops
// (next-auth's auth() without arguments sets no cookie). Under 50 people signing in and minting at
// once that was 1.6 ms of each mint (scripts/bench/PROFILE.md). Here only the decryption runs,
// with the same function Auth.js uses (@auth/core/jwt's decode: the same key derivation, the same
// expiry check with 15 s of clock tolerance), and the same mapping to a session as auth.ts's
// session callback (sessionFromToken, used by both).
import { decode, type JWT } from '@auth/core/jwt';
import type { Session } from 'next-auth';

/** The cookie names Auth.js v5 gives the session (https deployments use the __Secure- one). */
const SECURE = '__Secure-authjs.session-token';
const PLAIN = 'authjs.session-token';
const CHUNK = /^(__Secure-)?authjs\.session-token\.\d+$/;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** What a session holds, from a decoded token: the body of auth.ts's session callback. */
export function sessionFromToken(token: JWT, session: Omit<Session, 'user' | 'identity'> & { user?: Session['user'] }): Session {
  return {
    ...session,
    user: {
      ...session.user,
      id: String(token.sub ?? ''),
      name: token.name ?? null,
      email: token.email ?? '',
    },
    identity: {
      provider: text(token.provider),
      ...(typeof token.username === 'string' ? { username: token.username } : {}),
      groups: Array.isArray(token.groups) ? (token.groups as string[]) : [],
      ...(typeof token.emailVerified === 'boolean' ? { emailVerified: token.emailVerified } : {}),
      signedInAt: Number(token.signedInAt ?? 0),
    },
  };
}

/**
 * The session in `cookies`: null when there is none or it does not decrypt (forged, expired, made
 * with another secret, or under another cookie name: the name is the key's salt); undefined when
 * the cookie is split in chunks (a session too large for one cookie), which auth() then reads.
 *
 * One difference from auth(): it reads only the cookie name the request's protocol calls for, this
 * reads either. A session cookie under the other name must still decrypt with AUTH_SECRET and that
 * name as salt, which only this console can have made, so it admits nobody auth() would not.
 */
export async function sessionFromCookies(cookies: { name: string; value: string }[], secret: string): Promise<Session | null | undefined> {
  if (cookies.some((c) => CHUNK.test(c.name))) return undefined;
  const cookie = cookies.find((c) => c.name === SECURE) ?? cookies.find((c) => c.name === PLAIN);
  if (!cookie?.value) return null;
  let token: JWT | null;
  try {
    token = await decode({ token: cookie.value, secret, salt: cookie.name });
  } catch {
    return null;
  }
  if (!token) return null;
  const expires = typeof token.exp === 'number' ? new Date(token.exp * 1000).toISOString() : new Date().toISOString();
  return sessionFromToken(token, {
    expires,
    user: { name: token.name ?? null, email: token.email ?? null, image: token.picture ?? null },
  });
}
