// rateLimit on the one-process store (memory); the shared PostgreSQL store is tested against a real
// server in lib/storage/changes.integration.test.ts.
import { describe, expect, it, vi } from 'vitest';

vi.mock('./limiter-store', () => ({ consoleLimiterStore: () => memoryStore }));
const { memoryStore } = await import('./signin-limits');
const { rateLimit } = await import('./rate-limit');

describe('rateLimit', () => {
  it('allows `limit` calls per window and then answers with the wait', async () => {
    const key = `k-${Math.random()}`;
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await rateLimit(key, 3, 60_000));
    expect(answers.map((a) => a.allowed)).toEqual([true, true, true, false]);
    expect(answers[3]!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(answers[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('counts each key on its own, also when two limits share a size', async () => {
    const [a, b] = [`a-${Math.random()}`, `b-${Math.random()}`];
    expect((await rateLimit(a, 1, 60_000)).allowed).toBe(true);
    expect((await rateLimit(a, 1, 60_000)).allowed).toBe(false);
    expect((await rateLimit(b, 1, 60_000)).allowed).toBe(true);
  });
});
