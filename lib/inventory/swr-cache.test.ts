import { describe, expect, it } from 'vitest';
import { createSwrCache } from './swr-cache';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every promise chain already resolved run to its end. */
const settle = () => new Promise((r) => setTimeout(r, 0));

// The tests' changes are functions; `applied` counts the calls of `apply`.
type Change = (v: string[]) => string[];

function setup(maxWaiting?: number) {
  let clock = 1000;
  const loads: ReturnType<typeof deferred<string[]>>[] = [];
  const applied: number[] = [];
  const cache = createSwrCache<string[], Change>({
    freshMs: 100,
    now: () => clock,
    apply: (v, changes) => {
      applied.push(changes.length);
      return changes.reduce((x, fn) => fn(x), v);
    },
    ...(maxWaiting ? { maxWaiting } : {}),
    load: () => {
      const d = deferred<string[]>();
      loads.push(d);
      return d.promise;
    },
  });
  return { cache, loads, applied, tick: (ms: number) => (clock += ms) };
}

describe('swr cache', () => {
  it('loads once for concurrent first requests', async () => {
    const { cache, loads } = setup();
    const a = cache.get('org');
    const b = cache.get('org');
    expect(loads).toHaveLength(1);
    loads[0]!.resolve(['t1']);
    expect((await a).value).toEqual(['t1']);
    expect((await b).value).toEqual(['t1']);
  });

  it('pending: nothing when a value is kept; else the running load (never a second) and when it started', async () => {
    const { cache, loads, tick } = setup();
    const running = cache.get('org');
    tick(30);
    const first = cache.pending('org');
    expect(first?.startedAt).toBe(1000);
    expect(loads).toHaveLength(1);
    loads[0]!.resolve(['v1']);
    expect((await first!.done).value).toEqual(['v1']);
    expect((await running).value).toEqual(['v1']);
    expect(cache.pending('org')).toBeUndefined();

    // Forgotten (another process changed it): a pending read starts the load, which get then joins.
    cache.invalidate('org');
    const again = cache.pending('org');
    expect(again?.startedAt).toBe(1030);
    const served = cache.get('org');
    expect(loads).toHaveLength(2);
    loads[1]!.reject(new Error('down'));
    await expect(again!.done).rejects.toThrow('down');
    await expect(served).rejects.toThrow('down');
    // Failed: nothing kept, so the next pending read tries again.
    expect(cache.pending('org')).toBeDefined();
    expect(loads).toHaveLength(3);
  });

  it('says when a running reload started, and how long the read of the served value took', async () => {
    const { cache, loads, tick } = setup();
    const first = cache.get('org');
    tick(40);
    loads[0]!.resolve(['v1']);
    expect(await first).toMatchObject({ at: 1000, tookMs: 40, refreshing: false });
    expect((await first).refreshingSince).toBeUndefined();
    tick(200); // stale: a reload starts at 1240
    expect(await cache.get('org')).toMatchObject({ value: ['v1'], tookMs: 40, refreshing: true, refreshingSince: 1240 });
    tick(70);
    cache.patch('org', (v) => [...v, 'mine']);
    expect(await cache.get('org')).toMatchObject({ value: ['v1', 'mine'], tookMs: 40, refreshingSince: 1240 });
    loads[1]!.resolve(['v2']);
    await settle();
    expect(await cache.get('org')).toMatchObject({ value: ['v2', 'mine'], at: 1240, tookMs: 70, refreshing: false });
  });

  it('serves fresh values without loading, and older ones at once, however old, while a reload runs', async () => {
    const { cache, loads, tick } = setup();
    const first = cache.get('org');
    loads[0]!.resolve(['v1']);
    expect(await first).toMatchObject({ value: ['v1'], refreshing: false });
    tick(50);
    expect((await cache.get('org')).value).toEqual(['v1']);
    expect(loads).toHaveLength(1);
    tick(100); // stale
    expect(await cache.get('org')).toMatchObject({ value: ['v1'], refreshing: true });
    expect(loads).toHaveLength(2);
    loads[1]!.resolve(['v2']);
    await settle();
    expect((await cache.get('org')).value).toEqual(['v2']);
    tick(3_600_000); // an hour old: still served at once, never waited for
    expect(await cache.get('org')).toMatchObject({ value: ['v2'], refreshing: true });
    expect(loads).toHaveLength(3);
    loads[2]!.resolve(['v3']);
    await settle();
    expect(await cache.get('org')).toMatchObject({ value: ['v3'], refreshing: false });
  });

  it('a refresh asked for is waited for up to waitMs, then the kept value is served while it goes on', async () => {
    const { cache, loads } = setup();
    const first = cache.get('org');
    loads[0]!.resolve(['v1']);
    await first;
    // Answered within the wait: the caller gets the new list.
    const quick = cache.get('org', { refresh: true, waitMs: 60_000 });
    loads[1]!.resolve(['v2']);
    expect(await quick).toMatchObject({ value: ['v2'], refreshing: false });
    // Not answered within the wait: the kept list, marked as being reloaded.
    expect(await cache.get('org', { refresh: true, waitMs: 1 })).toMatchObject({ value: ['v2'], refreshing: true });
    expect(await cache.get('org', { refresh: true })).toMatchObject({ value: ['v2'], refreshing: true });
    expect(loads).toHaveLength(3);
    loads[2]!.resolve(['v3']);
    await settle();
    expect((await cache.get('org')).value).toEqual(['v3']);
  });

  it('replays a patch made during a load onto that load', async () => {
    const { cache, loads } = setup();
    const first = cache.get('org');
    loads[0]!.resolve(['a:active']);
    await first;
    const reload = cache.get('org', { refresh: true, waitMs: 60_000 });
    // The reload read InfluxDB before this change landed:
    cache.patch('org', (v) => v.map((s) => (s === 'a:active' ? 'a:inactive' : s)));
    expect(cache.peek('org')!.value).toEqual(['a:inactive']);
    loads[1]!.resolve(['a:active', 'b:active']);
    expect((await reload).value).toEqual(['a:inactive', 'b:active']);
  });

  it('keeps changes until a read, and applies all those waiting in one call', async () => {
    const { cache, loads, applied } = setup();
    const first = cache.get('org');
    loads[0]!.resolve(['a']);
    await first;
    for (const t of ['b', 'c', 'd']) cache.patch('org', (v) => [...v, t]);
    expect(applied).toEqual([]);
    expect((await cache.get('org')).value).toEqual(['a', 'b', 'c', 'd']);
    expect(applied).toEqual([3]);
    // Applied once: the next read serves the result.
    expect((await cache.get('org')).value).toEqual(['a', 'b', 'c', 'd']);
    expect(cache.peek('org')!.value).toEqual(['a', 'b', 'c', 'd']);
    expect(applied).toEqual([3]);
  });

  it('applies the changes waiting once there are more than maxWaiting, without a read', async () => {
    const { cache, loads, applied } = setup(2);
    const first = cache.get('org');
    loads[0]!.resolve([]);
    await first;
    for (const t of ['a', 'b', 'c', 'd', 'e']) cache.patch('org', (v) => [...v, t]);
    expect(applied).toEqual([3]);
    expect((await cache.get('org')).value).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(applied).toEqual([3, 2]);
  });

  it('drops the changes waiting when a reload that began after them is in, since it holds them', async () => {
    const { cache, loads, tick, applied } = setup();
    const first = cache.get('org');
    loads[0]!.resolve(['a:active']);
    await first;
    cache.patch('org', (v) => v.map((s) => (s === 'a:active' ? 'a:inactive' : s)));
    tick(200); // stale: this read serves the kept list (with the change) and starts a reload
    expect(await cache.get('org')).toMatchObject({ value: ['a:inactive'], refreshing: true });
    cache.patch('org', (v) => [...v, 'b:active']);
    // InfluxDB already had the first change when the reload read it; the second came after.
    loads[1]!.resolve(['a:inactive']);
    await settle();
    expect((await cache.get('org')).value).toEqual(['a:inactive', 'b:active']);
    expect(applied).toEqual([1, 1]);
  });

  it('a change with nothing kept and no load running is dropped: the next read loads anew', async () => {
    const { cache, loads } = setup();
    cache.patch('org', (v) => [...v, 'lost']);
    const first = cache.get('org');
    loads[0]!.resolve(['a']);
    expect((await first).value).toEqual(['a']);
  });

  it('keeps the stale value when a background reload fails, and reports it', async () => {
    let clock = 0;
    const errors: unknown[] = [];
    let fail = false;
    const cache = createSwrCache<number, never>({
      freshMs: 10,
      apply: (v) => v,
      now: () => clock,
      load: async () => {
        if (fail) throw new Error('influx down');
        return 1;
      },
      onBackgroundError: (_k, e) => errors.push(e),
    });
    await cache.get('o');
    fail = true;
    clock = 20;
    expect((await cache.get('o')).value).toBe(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toHaveLength(1);
    // Right after a failed reload, a poll does not start the next one.
    clock = 25;
    expect(await cache.get('o')).toMatchObject({ value: 1, refreshing: false });
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toHaveLength(1);
    clock = 500;
    expect((await cache.get('o')).value).toBe(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toHaveLength(2);
    // A refresh asked for and waited for says that it failed.
    await expect(cache.get('o', { refresh: true, waitMs: 60_000 })).rejects.toThrow('influx down');
  });

  it('after invalidate (a change made by another process), a load in flight is not kept and the next read loads anew', async () => {
    const { cache, loads } = setup();
    const first = cache.get('org');
    loads[0]!.resolve(['a:active']);
    await first;
    const reload = cache.get('org', { refresh: true });
    // That reload may have read InfluxDB before the other process's change:
    cache.invalidate('org');
    loads[1]!.resolve(['a:active']);
    await reload;
    expect(cache.peek('org')).toBeUndefined();
    const next = cache.get('org');
    expect(loads).toHaveLength(3);
    loads[2]!.resolve(['a:inactive']);
    expect((await next).value).toEqual(['a:inactive']);
    expect(cache.peek('org')!.value).toEqual(['a:inactive']);
  });

  it('clear drops every key and disowns every load in flight', async () => {
    const { cache, loads } = setup();
    const one = cache.get('one');
    loads[0]!.resolve(['1']);
    await one;
    const two = cache.get('two');
    cache.clear();
    loads[1]!.resolve(['2']);
    await two;
    expect(cache.peek('one')).toBeUndefined();
    expect(cache.peek('two')).toBeUndefined();
  });
});
