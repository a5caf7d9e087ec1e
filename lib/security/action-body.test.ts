import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NextConfig } from 'next';
import {
  ACTION_BODY_LIMIT,
  ACTION_BODY_LIMIT_BYTES,
  checkActionBody,
  isActionCall,
  LENGTHS_WORTH_CHECKING,
  refuseByLength,
  TOO_LARGE,
} from './action-body';

// Next.js parses its size strings with this same package.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parseBytes = require('next/dist/compiled/bytes').parse as (s: string) => number;
// A plain .mjs file outside the type-checked sources: loaded as Next.js loads it.
const NEXT_CONFIG = '../../next.config.mjs';
const nextConfig = ((await import(/* @vite-ignore */ NEXT_CONFIG)) as { default: NextConfig }).default;

describe('action body checks', () => {
  it('uses the limit next.config.mjs gives Next.js', () => {
    expect(nextConfig.experimental?.serverActions?.bodySizeLimit).toBe(ACTION_BODY_LIMIT);
    expect(parseBytes(ACTION_BODY_LIMIT)).toBe(ACTION_BODY_LIMIT_BYTES);
  });

  it('refuses a declared length past the limit, and nothing else by length', () => {
    expect(refuseByLength(String(ACTION_BODY_LIMIT_BYTES + 1))).toBe(TOO_LARGE);
    expect(refuseByLength(String(ACTION_BODY_LIMIT_BYTES))).toBeUndefined();
    expect(refuseByLength(null)).toBeUndefined();
    expect(refuseByLength('junk')).toBeUndefined();
    expect(TOO_LARGE).toMatchObject({ status: 413, result: { ok: false, code: 'invalid-input' } });
  });

  it("lets every length past the limit through the proxy's matcher, as Next.js anchors it", async () => {
    const { config } = await import('../../proxy');
    const lengthEntry = config.matcher.find((m) => m.has?.some((h) => h.key === 'content-length'));
    expect(lengthEntry?.has).toContainEqual({ type: 'header', key: 'content-length', value: LENGTHS_WORTH_CHECKING });
    expect(config.matcher.some((m) => m.missing?.some((h) => h.key === 'content-length'))).toBe(true);
    const matcher = new RegExp(`^${LENGTHS_WORTH_CHECKING}$`);
    fc.assert(
      fc.property(fc.integer({ min: ACTION_BODY_LIMIT_BYTES + 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(matcher.test(String(n))).toBe(true);
      }),
    );
    for (const n of [ACTION_BODY_LIMIT_BYTES + 1, 999_999, 1_000_000]) expect(matcher.test(String(n))).toBe(true);
    // A browser's token form (a few kB) does not run the proxy.
    expect(matcher.test('4096')).toBe(false);
  });

  it('reads only a body without a declared length, and only if Next.js would read it as text', async () => {
    expect(isActionCall('POST', new Headers({ 'next-action': 'abc' }))).toBe(true);
    expect(isActionCall('POST', new Headers())).toBe(false);
    expect(isActionCall('GET', new Headers({ 'next-action': 'abc' }))).toBe(false);
    const never = () => Promise.reject(new Error('must not be read'));
    expect(await checkActionBody(new Headers({ 'content-type': 'multipart/form-data; boundary=x' }), never)).toBeUndefined();
    expect(await checkActionBody(new Headers({ 'content-length': String(ACTION_BODY_LIMIT_BYTES + 1) }), never)).toBe(TOO_LARGE);
    expect(await checkActionBody(new Headers({ 'content-length': '4096' }), never)).toBeUndefined();
    expect(await checkActionBody(new Headers({ 'content-type': 'text/plain' }), async () => '[{"a":1}]')).toBeUndefined();
    // Counted in bytes, as Next.js counts: 'é' is two.
    const tooLarge = JSON.stringify(['é'.repeat(ACTION_BODY_LIMIT_BYTES / 2)]);
    expect(await checkActionBody(new Headers({ 'content-type': 'text/plain' }), async () => tooLarge)).toBe(TOO_LARGE);
  });
});
