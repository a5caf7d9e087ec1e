// A fixed-window counter per key: `limit` calls per `windowMs`. The counts live where
// limiter-store.ts says (process memory for one console, PostgreSQL for several), so with several
// console processes a person's limit is the same whichever of them answers.
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimiterStore } from './signin-limits';
import { consoleLimiterStore } from './limiter-store';

const limitersOf = new WeakMap<LimiterStore, Map<string, RateLimiterAbstract>>();

export async function rateLimit(
  key: string,
  limit: number,
  windowMs: number,
  store: LimiterStore = consoleLimiterStore(),
): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const size = `${limit}/${windowMs}`;
  const limiters = limitersOf.get(store) ?? new Map<string, RateLimiterAbstract>();
  limitersOf.set(store, limiters);
  let limiter = limiters.get(size);
  if (!limiter) {
    // One key space for every size: a key always comes with the same size, and a changed setting
    // then applies to the counts already made.
    limiter = store({ keyPrefix: 'limit', points: limit, duration: Math.max(1, Math.round(windowMs / 1000)) });
    limiters.set(size, limiter);
  }
  try {
    await limiter.consume(key);
    return { allowed: true, retryAfterSeconds: 0 };
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes)
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
    throw refusal;
  }
}
