// One local sign-in attempt: limits, password check, log line. Dependencies are passed in, so the
// unit tests run it without Next.js or Auth.js (auth.ts wires the real ones).
import { createHmac } from 'node:crypto';
import type { SigninLimiter } from '@/lib/security/signin-limits';
import { dummyHashFor, verifyPassword } from './password-hash';
import type { FailedLocalSignIn } from './signin-audit';
import type { LocalUser } from './users-file';

export interface LocalSignInDeps {
  users: () => readonly LocalUser[];
  limiter: SigninLimiter;
  /** AUTH_SECRET: keys the hash under which unknown usernames are logged and counted. */
  secret: string;
  log: (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => void;
  verify?: (hash: string, password: string) => Promise<boolean>;
  /**
   * The audit trail: each wrong password, known users by name and unknown ones by tag only. Attempts
   * the limiter turns away are logged, not audited: nothing bounds them, and rows written for
   * anonymous traffic must be bounded (the limits are: 300 checked attempts a minute in all).
   */
  auditFailure?: (failure: FailedLocalSignIn) => Promise<void> | void;
}

/**
 * A short keyed hash of what was typed as a username. Unknown usernames are logged as this, never
 * as typed: it is often a password typed into the wrong box. The same text gives the same tag, so
 * repeated attempts can still be told apart in the log.
 */
export function usernameTag(typed: string, secret: string): string {
  return createHmac('sha256', secret).update(typed, 'utf8').digest('hex').slice(0, 12);
}

export async function signInLocal(
  input: { username: string; password: string; address: string },
  deps: LocalSignInDeps,
): Promise<LocalUser | null> {
  const username = input.username.slice(0, 100);
  const password = input.password.slice(0, 200);
  if (!username || !password) return null;
  const users = deps.users();
  const user = users.find((u) => u.username === username);
  // The limiter's keys use the tag too, so a shared store never holds the typed text either.
  const tag = usernameTag(username, deps.secret);
  const who = user ? { username: user.username } : { username: 'unknown user', usernameTag: tag };
  const auditWho = user ? { username: user.username } : { usernameTag: tag };

  const attempt = await deps.limiter.attempt(tag, input.address);
  if (!attempt.allowed) {
    deps.log('warn', 'sign-in rate-limited', {
      provider: 'local',
      ...who,
      address: input.address,
      limit: attempt.scope,
      retryAfterSeconds: attempt.retryAfterSeconds,
    });
    return null;
  }
  // An unknown username is checked against a hash of the same cost as the real ones, so the
  // answer takes as long as a wrong password for a real user.
  const hash = user?.passwordHash ?? (await dummyHashFor(users.map((u) => u.passwordHash)));
  const ok = await (deps.verify ?? verifyPassword)(hash, password);
  if (!user || !ok) {
    deps.log('info', 'sign-in refused', { provider: 'local', ...who, address: input.address });
    await deps.auditFailure?.({ ...auditWho, reason: 'password', address: input.address });
    return null;
  }
  await deps.limiter.succeeded(tag, input.address);
  return user;
}
