import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from './safe-callback';

const ORIGIN = 'https://tokens.acme.com';

describe('safeCallbackPath', () => {
  it.each([
    ['/tokens', '/tokens'],
    ['/tokens/new?template=ro#top', '/tokens/new?template=ro#top'],
    ['https://tokens.acme.com/settings', '/settings'],
    ['HTTPS://TOKENS.ACME.COM:443/settings', '/settings'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['tokens', '/tokens'],
    // Same scheme, no slashes: a path on the console to every URL parser.
    ['https:evil.example', '/evil.example'],
  ])('keeps the console path %j', (value, expected) => {
    expect(safeCallbackPath(value, ORIGIN)).toBe(expected);
  });

  it.each([
    // The tab and newline cases of issue 9: the browser drops them and lands on //evil.example.
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '\t//evil.example',
    '/\u0000/evil.example',
    '/\u007f/evil.example',
    '/\u0085/evil.example',
    // Backslashes are slashes to an http(s) URL parser.
    '\\\\evil.example',
    '/\\evil.example',
    '\\/evil.example',
    '/tokens\\..\\..\\evil',
    // Other hosts, schemes and credentials.
    '//evil.example',
    '///evil.example',
    ' //evil.example',
    '/.//evil.example',
    'https://evil.example',
    'https://tokens.acme.com.evil.example/',
    'https://evil.example@tokens.acme.com/',
    'https://user:pass@tokens.acme.com/',
    'http://tokens.acme.com/',
    'https://tokens.acme.com:8443/',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '',
  ])('refuses %j', (value) => {
    expect(safeCallbackPath(value, ORIGIN)).toBe('/');
  });

  it('refuses values that are not one string', () => {
    expect(safeCallbackPath(undefined, ORIGIN)).toBe('/');
    expect(safeCallbackPath(['/tokens', '//evil.example'], ORIGIN)).toBe('/');
    expect(safeCallbackPath('/' + 'a'.repeat(3000), ORIGIN)).toBe('/');
  });

  it('works with the origin Auth.js passes (no trailing slash) and with a port', () => {
    expect(safeCallbackPath('http://localhost:3000/tokens', 'http://localhost:3000')).toBe('/tokens');
    expect(safeCallbackPath('http://localhost:3001/tokens', 'http://localhost:3000')).toBe('/');
  });
});

describe('safeCallbackPath properties', () => {
  // Strings biased towards the characters that matter here.
  const nasty = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '/',
          '\\',
          '\t',
          '\n',
          '\r',
          ' ',
          '.',
          ':',
          '@',
          '%',
          '%2F',
          '%09',
          '?',
          '#',
          'evil.example',
          'https:',
          'javascript:',
          '//',
          '\u0000',
          '\u00a0',
          '\u2028',
        ),
        fc.string({ maxLength: 4 }),
        fc.string({ unit: 'grapheme', maxLength: 3 }),
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join(''));

  it('always answers a path that stays on the console, whatever it is given', () => {
    fc.assert(
      fc.property(nasty, (value) => {
        const path = safeCallbackPath(value, ORIGIN);
        expect(path.startsWith('/')).toBe(true);
        expect(path.startsWith('//')).toBe(false);
        // eslint-disable-next-line no-control-regex -- no control character may survive.
        expect(path).not.toMatch(/[\u0000-\u001f\u007f-\u009f\\]/);
        // Read the way a browser reads a relative URL, and the way Auth.js joins it to its base.
        expect(new URL(path, ORIGIN).origin).toBe(ORIGIN);
        expect(new URL(`${ORIGIN}${path}`).origin).toBe(ORIGIN);
      }),
      { numRuns: 5000 },
    );
  });

  it('is stable: a safe answer passed back in comes out unchanged', () => {
    fc.assert(
      fc.property(nasty, (value) => {
        const once = safeCallbackPath(value, ORIGIN);
        expect(safeCallbackPath(once, ORIGIN)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps ordinary console paths exactly', () => {
    const segment = fc.stringMatching(/^[a-z0-9_-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.option(segment), (segments, query) => {
        const path = '/' + segments.join('/') + (query ? `?q=${query}` : '');
        expect(safeCallbackPath(path, ORIGIN)).toBe(path);
        expect(safeCallbackPath(ORIGIN + path, ORIGIN)).toBe(path);
      }),
    );
  });
});
