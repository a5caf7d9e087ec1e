// Limits on failed local sign-ins, at three widths, so that guessing is slow and nobody can lock a
// named person out from elsewhere:
// - a username from one address: a person mistyping, or one guesser aiming at one account;
// - one address, whatever the username: a guesser spraying many usernames;
// - everyone together: guessers spread over many addresses, and a bound on hashing work.
// Every attempt takes a point before the password is checked (so a burst cannot slip past while
// hashes run) and a successful sign-in gives its points back, so in effect only failures count.
// The store is rate-limiter-flexible's; memory now (one console process), and a shared store
// (RateLimiterPostgres, issue 12) drops in through `LimiterStore` without touching callers.
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LimitSize {
  /** Failed attempts allowed per window. */
  points: number;
  /** Window, in seconds. */
  duration: number;
}

export type SigninLimits = Record<'usernameAtAddress' | 'address' | 'global', LimitSize>;

export const SIGNIN_LIMITS: SigninLimits = {
  // As before: 5 failures a minute for one username, but now from one address only. A guesser
  // elsewhere uses up their own budget, not the person's.
  usernameAtAddress: { points: 5, duration: 60 },
  // 30 failures in 15 minutes from one address: an office behind one NAT address stays well
  // below that; a sprayer gets 120 guesses an hour.
  address: { points: 30, duration: 15 * 60 },
  // 300 failures a minute in all: each is one argon2id check (about 20-50 ms on one thread-pool
  // thread), so hashing stays a small share of the machine. Past it, new local sign-ins wait for
  // the minute to end; existing sessions are not affected.
  global: { points: 300, duration: 60 },
};

export type SigninLimitScope = 'username-at-address' | 'address' | 'global';
export type SigninAttempt = { allowed: true } | { allowed: false; scope: SigninLimitScope; retryAfterSeconds: number };

export interface SigninLimiter {
  /** Counts an attempt, narrowest limit first; refuses at the first limit used up. */
  attempt(usernameKey: string, address: string): Promise<SigninAttempt>;
  /** A successful sign-in: its attempt does not count against anyone. */
  succeeded(usernameKey: string, address: string): Promise<void>;
}

export type LimiterStore = (options: { keyPrefix: string } & LimitSize) => RateLimiterAbstract;

export const memoryStore: LimiterStore = (options) => new RateLimiterMemory(options);

export function createSigninLimiter(store: LimiterStore = memoryStore, limits: SigninLimits = SIGNIN_LIMITS): SigninLimiter {
  const usernameAtAddress = store({ keyPrefix: 'signin-user-addr', ...limits.usernameAtAddress });
  const perAddress = store({ keyPrefix: 'signin-addr', ...limits.address });
  const global = store({ keyPrefix: 'signin-all', ...limits.global });
  const steps: [SigninLimitScope, RateLimiterAbstract, (u: string, a: string) => string][] = [
    ['username-at-address', usernameAtAddress, (u, a) => `${u}@${a}`],
    ['address', perAddress, (_u, a) => a],
    ['global', global, () => 'all'],
  ];
  return {
    async attempt(usernameKey, address) {
      // Narrowest first, and stop at the first refusal: an address that is already refused does
      // not also use up the global budget that everyone else needs.
      for (const [scope, limiter, key] of steps) {
        try {
          await limiter.consume(key(usernameKey, address));
        } catch (refusal) {
          if (refusal instanceof RateLimiterRes) {
            return { allowed: false, scope, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
          }
          throw refusal;
        }
      }
      return { allowed: true };
    },
    async succeeded(usernameKey, address) {
      await Promise.all([usernameAtAddress.delete(`${usernameKey}@${address}`), perAddress.reward(address), global.reward('all')]);
    },
  };
}
