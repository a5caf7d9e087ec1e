import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NextConfig } from 'next';
import {
  ACTION_BODY_LIMIT,
  ACTION_BODY_LIMIT_BYTES,
  checkActionBody,
  isActionCall,
  NOT_JSON_ARRAY,
  refuseBody,
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

  it('lets through exactly the JSON arrays within the limit', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), (args) => {
        expect(refuseBody(JSON.stringify(args))).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(
        fc.jsonValue().filter((v) => !Array.isArray(v)),
        (v) => {
          expect(refuseBody(JSON.stringify(v))).toBe(NOT_JSON_ARRAY);
        },
      ),
    );
    for (const text of ['', 'this is not json', '[{"formKey":', 'undefined', '[1,]']) expect(refuseBody(text)).toBe(NOT_JSON_ARRAY);
    // Counted in bytes, as Next.js counts: 'é' is two.
    expect(refuseBody(JSON.stringify(['é'.repeat(ACTION_BODY_LIMIT_BYTES / 2)]))).toBe(TOO_LARGE);
    expect(NOT_JSON_ARRAY).toMatchObject({ status: 400, result: { ok: false, code: 'invalid-input' } });
  });

  it('reads only non-multipart bodies of action calls', async () => {
    expect(isActionCall('POST', new Headers({ 'next-action': 'abc' }))).toBe(true);
    expect(isActionCall('POST', new Headers())).toBe(false);
    expect(isActionCall('GET', new Headers({ 'next-action': 'abc' }))).toBe(false);
    const never = () => Promise.reject(new Error('must not be read'));
    expect(await checkActionBody(new Headers({ 'content-type': 'multipart/form-data; boundary=x' }), never)).toBeUndefined();
    expect(await checkActionBody(new Headers({ 'content-length': String(ACTION_BODY_LIMIT_BYTES + 1) }), never)).toBe(TOO_LARGE);
    expect(await checkActionBody(new Headers({ 'content-type': 'text/plain' }), async () => 'nope')).toBe(NOT_JSON_ARRAY);
    expect(await checkActionBody(new Headers({ 'content-type': 'text/plain' }), async () => '[{"a":1}]')).toBeUndefined();
  });
});
