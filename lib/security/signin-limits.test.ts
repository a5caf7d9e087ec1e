import { describe, expect, it } from 'vitest';
import { createSigninLimiter, memoryStore, SIGNIN_LIMITS } from './signin-limits';

async function fail(limiter: ReturnType<typeof createSigninLimiter>, user: string, address: string, times: number) {
  const results = [];
  for (let i = 0; i < times; i++) results.push(await limiter.attempt(user, address));
  return results;
}

describe('createSigninLimiter', () => {
  it('stops one username from one address after the limit, and only there', async () => {
    const limiter = createSigninLimiter();
    const first = await fail(limiter, 'ada', '203.0.113.9', SIGNIN_LIMITS.usernameAtAddress.points);
    expect(first.every((r) => r.allowed)).toBe(true);
    const refused = await limiter.attempt('ada', '203.0.113.9');
    expect(refused).toMatchObject({ allowed: false, scope: 'username-at-address' });
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    // The person from their own address is not locked out by a guesser elsewhere.
    expect(await limiter.attempt('ada', '198.51.100.7')).toEqual({ allowed: true });
    expect(await limiter.attempt('bob', '203.0.113.9')).toEqual({ allowed: true });
  });

  it('stops one address spraying many usernames', async () => {
    const limiter = createSigninLimiter();
    for (let i = 0; i < SIGNIN_LIMITS.address.points; i++) expect((await limiter.attempt(`user-${i}`, '203.0.113.9')).allowed).toBe(true);
    expect(await limiter.attempt('fresh-user', '203.0.113.9')).toMatchObject({ allowed: false, scope: 'address' });
    expect(await limiter.attempt('fresh-user', '198.51.100.7')).toEqual({ allowed: true });
  });

  it('stops everyone together past the global limit', async () => {
    const limiter = createSigninLimiter(memoryStore, { ...SIGNIN_LIMITS, global: { points: 3, duration: 60 } });
    for (let i = 0; i < 3; i++) expect((await limiter.attempt('ada', `203.0.113.${i}`)).allowed).toBe(true);
    expect(await limiter.attempt('bob', '198.51.100.7')).toMatchObject({ allowed: false, scope: 'global' });
  });

  it('does not let an address that is already refused use up the global budget', async () => {
    const limiter = createSigninLimiter(memoryStore, { ...SIGNIN_LIMITS, global: { points: 10, duration: 60 } });
    await fail(limiter, 'ada', '203.0.113.9', 50);
    // 5 attempts reached the global limiter; the 45 refused ones did not.
    for (let i = 0; i < 5; i++) expect((await limiter.attempt('bob', `198.51.100.${i}`)).allowed).toBe(true);
    expect(await limiter.attempt('bob', '198.51.100.99')).toMatchObject({ allowed: false, scope: 'global' });
  });

  it('does not count successful sign-ins', async () => {
    const limiter = createSigninLimiter(memoryStore, { ...SIGNIN_LIMITS, global: { points: 4, duration: 60 } });
    for (let i = 0; i < 20; i++) {
      expect(await limiter.attempt('ada', '203.0.113.9')).toEqual({ allowed: true });
      await limiter.succeeded('ada', '203.0.113.9');
    }
  });

  it('lets a person who signs in start again from their failures', async () => {
    const limiter = createSigninLimiter();
    const { points } = SIGNIN_LIMITS.usernameAtAddress;
    expect((await fail(limiter, 'ada', '203.0.113.9', points - 1)).every((r) => r.allowed)).toBe(true);
    expect(await limiter.attempt('ada', '203.0.113.9')).toEqual({ allowed: true });
    await limiter.succeeded('ada', '203.0.113.9');
    expect((await fail(limiter, 'ada', '203.0.113.9', points)).every((r) => r.allowed)).toBe(true);
    expect(await limiter.attempt('ada', '203.0.113.9')).toMatchObject({ allowed: false });
  });
});
