import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkKeyName, checkPathShape, isUnder, resolveSecretPath } from './secret-path';

const segmentArb = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,11}$/);
const pathArb = (min = 1, max = 4) => fc.array(segmentArb, { minLength: min, maxLength: max }).map((s) => s.join('/'));
const storeArb = fc.record({ mount: pathArb(1, 2), pathPrefix: pathArb(1, 3) });
// Everything a person might type, weighted towards the characters that matter here.
const anyInputArb = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'ab0_-./ \\%:'.split('')), maxLength: 30 }),
  fc.string({ maxLength: 30 }),
  fc.array(fc.constantFrom('influx', 'edge', '.', '..', '', 'secret', 'a b'), { maxLength: 5 }).map((s) => s.join('/')),
);

describe('resolveSecretPath', () => {
  const store = { mount: 'secret', pathPrefix: 'influx' };

  it('accepts a path under the prefix, with or without the mount in front', () => {
    expect(resolveSecretPath(store, 'influx/edge-01')).toEqual({ ok: true, path: 'influx/edge-01' });
    expect(resolveSecretPath(store, ' secret/influx/site.a/edge_01 ')).toEqual({ ok: true, path: 'influx/site.a/edge_01' });
  });

  it('refuses what is not strictly under the prefix, with the prefix in the words', () => {
    for (const input of ['influx', 'influx-old/edge', 'other/edge', 'secret/other/x', 'INFLUX/edge']) {
      const r = resolveSecretPath(store, input);
      expect(r, input).toEqual({ ok: false, error: expect.stringContaining('under “influx/”') as unknown });
    }
  });

  it('names the fault: dot segments, empty segments, slashes at the ends, odd characters', () => {
    expect(resolveSecretPath(store, 'influx/../admin')).toMatchObject({ ok: false, error: expect.stringContaining('“..”') as unknown });
    expect(resolveSecretPath(store, 'influx/./x')).toMatchObject({ ok: false, error: expect.stringContaining('“.”') as unknown });
    expect(resolveSecretPath(store, 'influx//x')).toMatchObject({ ok: false, error: expect.stringContaining('empty segment') as unknown });
    expect(resolveSecretPath(store, '/influx/x')).toMatchObject({ ok: false, error: expect.stringContaining('start with “/”') as unknown });
    expect(resolveSecretPath(store, 'influx/x/')).toMatchObject({ ok: false, error: expect.stringContaining('folder') as unknown });
    expect(resolveSecretPath(store, 'influx/a b')).toMatchObject({ ok: false, error: expect.stringContaining('“ ”') as unknown });
    expect(resolveSecretPath(store, 'influx/...')).toMatchObject({
      ok: false,
      error: expect.stringContaining('starts with “.”') as unknown,
    });
    expect(resolveSecretPath(store, '')).toMatchObject({ ok: false, error: 'The path is empty.' });
    expect(resolveSecretPath(store, `influx/${'a'.repeat(600)}`)).toMatchObject({
      ok: false,
      error: expect.stringContaining('longer') as unknown,
    });
  });

  it('keeps the mount when the prefix itself starts with the mount name', () => {
    expect(resolveSecretPath({ mount: 'secret', pathPrefix: 'secret/influx' }, 'secret/influx/x')).toEqual({
      ok: true,
      path: 'secret/influx/x',
    });
    expect(resolveSecretPath({ mount: 'secret', pathPrefix: 'secret' }, 'secret/x')).toEqual({ ok: true, path: 'secret/x' });
  });

  it('property: any well-formed path under the prefix is accepted unchanged', () => {
    fc.assert(
      fc.property(storeArb, pathArb(1, 3), (s, rest) => {
        const path = `${s.pathPrefix}/${rest}`;
        expect(resolveSecretPath(s, path)).toEqual({ ok: true, path });
      }),
    );
  });

  it('property: whatever is accepted is strictly under the prefix, segment by segment, with no empty, . or .. segment', () => {
    fc.assert(
      fc.property(storeArb, anyInputArb, (s, input) => {
        const r = resolveSecretPath(s, input);
        if (!r.ok) return;
        expect(r.path.startsWith(`${s.pathPrefix}/`)).toBe(true);
        const segments = r.path.split('/');
        expect(segments.length).toBeGreaterThan(s.pathPrefix.split('/').length);
        for (const seg of segments) {
          expect(seg).not.toBe('');
          expect(seg).not.toBe('.');
          expect(seg).not.toBe('..');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: a .. or empty segment anywhere is refused, even under the prefix', () => {
    fc.assert(
      fc.property(storeArb, pathArb(0, 2), pathArb(0, 2), fc.constantFrom('..', '.', ''), (s, before, after, bad) => {
        const path = [s.pathPrefix, before, bad, after].filter((p, i) => i === 2 || p !== '').join('/');
        expect(resolveSecretPath(s, path).ok).toBe(false);
      }),
    );
  });

  it('property: a sibling whose name merely starts with the prefix is refused', () => {
    fc.assert(
      fc.property(storeArb, fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/), pathArb(1, 2), (s, suffix, rest) => {
        expect(resolveSecretPath(s, `${s.pathPrefix}${suffix}/${rest}`).ok).toBe(false);
      }),
    );
  });
});

describe('isUnder', () => {
  it('property: agrees with a segment-wise comparison', () => {
    fc.assert(
      fc.property(pathArb(1, 3), pathArb(1, 5), (prefix, path) => {
        const p = prefix.split('/');
        const q = path.split('/');
        const expected = q.length > p.length && q.slice(0, p.length).join('/') === prefix;
        expect(isUnder(prefix, path)).toBe(expected);
      }),
    );
  });
});

describe('checkPathShape', () => {
  it('uses the name of the field it checks', () => {
    expect(checkPathShape('a//b', 'pathPrefix')).toEqual({ ok: false, error: 'pathPrefix has an empty segment (“//”).' });
  });
});

describe('checkKeyName', () => {
  it('defaults to token and accepts plain identifiers', () => {
    expect(checkKeyName('')).toEqual({ ok: true, key: 'token' });
    expect(checkKeyName(' influx_token ')).toEqual({ ok: true, key: 'influx_token' });
  });

  it('refuses anything that is not a plain identifier', () => {
    for (const key of ['1token', 'to-ken', 'to.ken', 'a b', 'x/y', 'é', 'a'.repeat(65)]) expect(checkKeyName(key).ok, key).toBe(false);
  });

  it('property: accepted keys are identifiers of at most 64 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (s) => {
        const r = checkKeyName(s);
        if (r.ok) expect(r.key).toMatch(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/);
      }),
    );
  });
});
