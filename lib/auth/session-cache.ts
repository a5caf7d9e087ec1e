// Decoding the session is the largest cost of session checks (the profile in
// scripts/bench/PROFILE.md: Auth.js runs its whole pipeline per call — a CSRF digest, HKDF, JWE
// decryption and re-encryption — about 1.5 ms of a mint). The decoded session depends only on the
// cookie's value, so it is kept for a few seconds, keyed by a hash of that value (never the value
// itself). What is kept is the identity only: session.ts still recomputes the role from the users
// file or the role map, and checks the absolute lifetime, on every request. The cost: a cookie
// past its idle expiry may still be honoured for at most `ttlMs`.
import { createHash } from 'node:crypto';

/** Auth.js's session cookie, plain or __Secure-, whole or in chunks (".0", ".1" ...). */
const SESSION_COOKIE = /^(__Secure-)?(authjs|next-auth)\.session-token(\.\d+)?$/;

/** A key for the session cookie(s) among `cookies`, or undefined when there is none. */
export function sessionCookieKey(cookies: { name: string; value: string }[]): string | undefined {
  const mine = cookies.filter((c) => SESSION_COOKIE.test(c.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (mine.length === 0) return undefined;
  const hash = createHash('sha256');
  for (const c of mine) hash.update(`${c.name}=${c.value};`);
  return hash.digest('base64url');
}

export interface SessionCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
}

export function createSessionCache<T>(o: { ttlMs: number; max: number; now?: () => number }): SessionCache<T> {
  const now = o.now ?? Date.now;
  // A Map iterates in insertion order: the first key is the oldest entry.
  const entries = new Map<string, { value: T; until: number }>();
  return {
    get(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (now() >= e.until) {
        entries.delete(key);
        return undefined;
      }
      return e.value;
    },
    set(key, value) {
      entries.delete(key);
      while (entries.size >= o.max) entries.delete(entries.keys().next().value!);
      entries.set(key, { value, until: now() + o.ttlMs });
    },
  };
}
