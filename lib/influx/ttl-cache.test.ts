import { describe, expect, it } from 'vitest';
import { ttlCache } from './ttl-cache';

describe('ttlCache', () => {
  it('shares one load, expires after the ttl, and forgets failures', async () => {
    let t = 0;
    let n = 0;
    let fail = false;
    const c = ttlCache(
      async (k: string) => {
        n++;
        if (fail) throw new Error('x');
        return `${k}${n}`;
      },
      100,
      () => t,
    );
    expect(await Promise.all([c.get('a'), c.get('a')])).toEqual(['a1', 'a1']);
    t = 99;
    expect(await c.get('a')).toBe('a1');
    t = 100;
    fail = true;
    await expect(c.get('a')).rejects.toThrow('x');
    fail = false;
    expect(await c.get('a')).toBe('a3');
  });
});
