import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSessionCache, sessionCookieKey } from './session-cache';

describe('sessionCookieKey', () => {
  const session = { name: 'authjs.session-token', value: 'eyJhbGciOi.abc' };

  it('is undefined without a session cookie', () => {
    expect(sessionCookieKey([])).toBeUndefined();
    expect(
      sessionCookieKey([
        { name: 'authjs.csrf-token', value: 'x' },
        { name: 'theme', value: 'dark' },
      ]),
    ).toBeUndefined();
  });

  it('depends on the session cookie only, and never contains its value', () => {
    const key = sessionCookieKey([session])!;
    expect(sessionCookieKey([{ name: 'theme', value: 'dark' }, session, { name: 'authjs.csrf-token', value: 'y' }])).toBe(key);
    expect(key).not.toContain(session.value);
    expect(sessionCookieKey([{ ...session, value: 'eyJhbGciOi.abd' }])).not.toBe(key);
  });

  it('covers the __Secure- name and chunked cookies, in any order', () => {
    const chunks = [
      { name: '__Secure-authjs.session-token.0', value: 'part-a' },
      { name: '__Secure-authjs.session-token.1', value: 'part-b' },
    ];
    const key = sessionCookieKey(chunks);
    expect(key).toBeDefined();
    expect(sessionCookieKey([...chunks].reverse())).toBe(key);
    expect(sessionCookieKey([chunks[0]!])).not.toBe(key);
  });

  it('different cookie values give different keys', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        expect(sessionCookieKey([{ name: 'authjs.session-token', value: a }])).not.toBe(
          sessionCookieKey([{ name: 'authjs.session-token', value: b }]),
        );
      }),
    );
  });
});

describe('createSessionCache', () => {
  it('keeps an entry for ttlMs and no longer', () => {
    let t = 1_000;
    const cache = createSessionCache<string>({ ttlMs: 5_000, max: 10, now: () => t });
    cache.set('k', 'alice');
    t += 4_999;
    expect(cache.get('k')).toBe('alice');
    t += 1;
    expect(cache.get('k')).toBeUndefined();
  });

  it('holds at most max entries, dropping the oldest first', () => {
    const cache = createSessionCache<number>({ ttlMs: 60_000, max: 3, now: () => 0 });
    for (let i = 0; i < 5; i++) cache.set(`k${i}`, i);
    expect([0, 1, 2, 3, 4].map((i) => cache.get(`k${i}`))).toEqual([undefined, undefined, 2, 3, 4]);
  });

  it('a set refreshes the entry and its place', () => {
    let t = 0;
    const cache = createSessionCache<string>({ ttlMs: 100, max: 2, now: () => t });
    cache.set('a', '1');
    cache.set('b', '2');
    t = 50;
    cache.set('a', '3');
    cache.set('c', '4');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('3');
    t = 140;
    expect(cache.get('a')).toBe('3');
  });
});
