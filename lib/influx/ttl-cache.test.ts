import { describe, expect, it } from 'vitest';
import { ttlCache } from './ttl-cache';

/** Lets every promise chain already resolved run to its end. */
const settle = () => new Promise((r) => setTimeout(r, 0));

function counted(opts: { gone?: (error: unknown) => boolean } = {}) {
  const state = { t: 0, n: 0, fail: undefined as Error | undefined };
  const cache = ttlCache(
    async (k: string) => {
      state.n++;
      if (state.fail) throw state.fail;
      return `${k}${state.n}`;
    },
    100,
    () => state.t,
    opts,
  );
  return { cache, state };
}

describe('ttlCache', () => {
  it('shares one load, serves it for the ttl, and does not keep a failed first load', async () => {
    const { cache, state } = counted();
    state.fail = new Error('x');
    await expect(cache.get('a')).rejects.toThrow('x');
    state.fail = undefined;
    expect(await Promise.all([cache.get('a'), cache.get('a')])).toEqual(['a2', 'a2']);
    state.t = 99;
    expect(await cache.get('a')).toBe('a2');
    expect(state.n).toBe(2);
  });

  it('past the ttl, serves the kept value at once while one reload runs, then the reloaded one', async () => {
    const { cache, state } = counted();
    expect(await cache.get('a')).toBe('a1');
    state.t = 100;
    expect(await Promise.all([cache.get('a'), cache.get('a')])).toEqual(['a1', 'a1']);
    expect(state.n).toBe(2);
    await settle();
    expect(await cache.get('a')).toBe('a2');
    // Kept from the reload's end: fresh for another ttl.
    state.t = 199;
    expect(await cache.get('a')).toBe('a2');
    expect(state.n).toBe(2);
  });

  it('a failed reload keeps the value, and the next request past the ttl tries again', async () => {
    const { cache, state } = counted();
    expect(await cache.get('a')).toBe('a1');
    state.t = 100;
    state.fail = new Error('down');
    expect(await cache.get('a')).toBe('a1');
    await settle();
    expect(await cache.get('a')).toBe('a1');
    expect(state.n).toBe(3);
    state.fail = undefined;
    await settle();
    expect(await cache.get('a')).toBe('a1');
    await settle();
    expect(await cache.get('a')).toBe('a4');
  });

  it('an answer that the value is gone drops it: the next request waits for a new load', async () => {
    class Gone extends Error {}
    const { cache, state } = counted({ gone: (e) => e instanceof Gone });
    expect(await cache.get('a')).toBe('a1');
    state.t = 100;
    state.fail = new Gone();
    expect(await cache.get('a')).toBe('a1');
    await settle();
    await expect(cache.get('a')).rejects.toBeInstanceOf(Gone);
    state.fail = undefined;
    expect(await cache.get('a')).toBe('a4');
  });
});
