// Reading the session straight from its cookie, for the requests the session cache misses (a
// person's first request after sign-in, or after 5 s away). auth() runs Auth.js's whole request
// pipeline for that: a CSRF token and its SHA-256 digest, the JWE decryption, the session
// callbacks and an encryption of a refreshed cookie that a server component or action then drops
// (next-auth's auth() without arguments sets no cookie). Under 50 people signing in and minting at
// once that was 1.6 ms of each mint (scripts/bench/PROFILE.md). Here only the decryption runs: what
// @auth/core/jwt's decode does (jose's jwtDecrypt, "dir" with A256CBC-HS512 or A256GCM, 15 s of
// clock tolerance on the expiry), except that the key it derives from AUTH_SECRET with HKDF on
// every call, and that key's thumbprint, are derived once per cookie name and kept: under load
// those were the largest part of a decode (hkdf alone 1.7 ms per mint in a burst of 50 fresh
// sessions). The tests decode what Auth.js's own encode makes. The mapping to a session is auth.ts's
// session callback (sessionFromToken, used by both).
import { hkdfSync } from 'node:crypto';
import type { JWT } from '@auth/core/jwt';
import { base64url, calculateJwkThumbprint, jwtDecrypt } from 'jose';
import type { Session } from 'next-auth';

/** The cookie names Auth.js v5 gives the session (https deployments use the __Secure- one). */
const SECURE = '__Secure-authjs.session-token';
const PLAIN = 'authjs.session-token';
const CHUNK = /^(__Secure-)?authjs\.session-token\.\d+$/;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

interface DerivedKey {
  key: Uint8Array;
  /** Its JWK thumbprint: Auth.js puts it in the JWE header as `kid`. */
  kid: string;
}
// By cookie name (the salt) and content encryption; AUTH_SECRET is one per process, but a change
// (tests) derives again rather than answering with an old key.
const derived = new Map<string, { secret: string; key: Promise<DerivedKey> }>();

function derivedKey(secret: string, salt: string, enc: string): Promise<DerivedKey> {
  const id = `${enc}|${salt}`;
  const kept = derived.get(id);
  if (kept?.secret === secret) return kept.key;
  const length = enc === 'A256CBC-HS512' ? 64 : enc === 'A256GCM' ? 32 : 0;
  if (!length) return Promise.reject(new Error('unsupported content encryption'));
  // As Auth.js's getDerivedEncryptionKey (@panva/hkdf is Node's HKDF).
  const key = new Uint8Array(hkdfSync('sha256', secret, salt, `Auth.js Generated Encryption Key (${salt})`, length));
  const made = calculateJwkThumbprint({ kty: 'oct', k: base64url.encode(key) }, length === 64 ? 'sha512' : 'sha256').then((kid) => ({
    key,
    kid,
  }));
  derived.set(id, { secret, key: made });
  return made;
}

async function decode(token: string, secret: string, salt: string): Promise<JWT> {
  const { payload } = await jwtDecrypt<JWT>(
    token,
    async ({ kid, enc }) => {
      const k = await derivedKey(secret, salt, enc);
      if (kid !== undefined && kid !== k.kid) throw new Error('no matching decryption secret');
      return k.key;
    },
    { clockTolerance: 15, keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256CBC-HS512', 'A256GCM'] },
  );
  return payload;
}

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
 * Like auth(), it reads the cookie name the deployment's scheme calls for: over https only the
 * __Secure- one. A plain-named cookie can be planted by any http origin under the same site
 * (cookie tossing); were it read on an https console, someone holding a session cookie of an http
 * deployment with the same secret could sign a colleague in as themselves.
 */
export async function sessionFromCookies(
  cookies: { name: string; value: string }[],
  secret: string,
  scheme: { https: boolean },
): Promise<Session | null | undefined> {
  if (cookies.some((c) => CHUNK.test(c.name))) return undefined;
  const cookie = cookies.find((c) => c.name === (scheme.https ? SECURE : PLAIN));
  if (!cookie?.value) return null;
  let token: JWT;
  try {
    token = await decode(cookie.value, secret, cookie.name);
  } catch {
    return null;
  }
  const expires = typeof token.exp === 'number' ? new Date(token.exp * 1000).toISOString() : new Date().toISOString();
  return sessionFromToken(token, {
    expires,
    user: { name: token.name ?? null, email: token.email ?? null, image: token.picture ?? null },
  });
}
