import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthorizationListScanner, collectAuthorizations } from './authorization-stream';

function scanAll(body: Buffer, cuts: number[]): { items: unknown[]; sawArray: boolean } {
  const items: unknown[] = [];
  const scanner = new AuthorizationListScanner<unknown>((x) => items.push(x));
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    scanner.push(body.subarray(from, cut));
    from = cut;
  }
  scanner.push(body.subarray(from));
  return { items, sawArray: scanner.end() };
}

// Strings that stress the scanner: quotes, backslashes, brackets, and multi-byte characters
// whose bytes a chunk boundary may split.
const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom('"', '\\', '\\"', '{', '}', '[', ']', ':', 'authorizations', 'ü', '😀', '\u2028', '"authorizations":['),
  fc.string({ unit: 'grapheme' }),
);

const authorization = fc.record({
  id: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 16 }),
  description: nasty,
  status: fc.constantFrom('active', 'inactive'),
  orgID: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 16 }),
  permissions: fc.array(
    fc.record({ action: fc.constantFrom('read', 'write'), resource: fc.record({ type: fc.constantFrom('buckets', 'orgs'), name: nasty }) }),
    { maxLength: 3 },
  ),
  links: fc.record({ self: nasty }),
});

const listBody = fc.record({
  links: fc.record({ self: nasty, next: nasty }),
  authorizations: fc.array(authorization, { maxLength: 8 }),
});

describe('AuthorizationListScanner', () => {
  it('gives the same elements as JSON.parse, however the body is cut into chunks', () => {
    fc.assert(
      fc.property(listBody, fc.boolean(), fc.array(fc.nat(), { maxLength: 20 }), (value, pretty, rawCuts) => {
        const body = Buffer.from(pretty ? JSON.stringify(value, null, '\t') : JSON.stringify(value));
        const cuts = rawCuts.map((c) => c % (body.length + 1));
        const { items, sawArray } = scanAll(body, cuts);
        expect(sawArray).toBe(true);
        expect(items).toEqual((JSON.parse(body.toString('utf8')) as typeof value).authorizations);
      }),
      { numRuns: 400 },
    );
  });

  it('cuts at every single byte of a body with multi-byte characters', () => {
    const value = {
      authorizations: [
        { id: 'a', description: 'Zähler 😀 "quoted" \\ [x]' },
        { id: 'b', description: '' },
      ],
    };
    const body = Buffer.from(JSON.stringify(value));
    const everyByte = Array.from({ length: body.length }, (_, i) => i);
    expect(scanAll(body, everyByte).items).toEqual(value.authorizations);
  });

  it('tells escaped quotes from closing ones in runs of backslashes, cut at any byte', () => {
    const escapes = fc.array(fc.constantFrom('\\', '"', 'x', '{', ']'), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(escapes, { minLength: 1, maxLength: 3 }), fc.nat(), (descriptions, at) => {
        const value = { authorizations: descriptions.map((description, i) => ({ id: String(i), description })), links: { self: '\\' } };
        const body = Buffer.from(JSON.stringify(value));
        expect(scanAll(body, [at % (body.length + 1)]).items).toEqual(value.authorizations);
        expect(
          scanAll(
            body,
            Array.from({ length: body.length }, (_, i) => i),
          ).items,
        ).toEqual(value.authorizations);
      }),
      { numRuns: 300 },
    );
  });

  it('ignores arrays under other keys, and other keys that merely contain the word', () => {
    const body = Buffer.from(
      JSON.stringify({ notauthorizations: [{ id: 'x' }], links: { authorizations: [{ id: 'y' }] }, authorizations: [{ id: 'z' }] }),
    );
    expect(scanAll(body, []).items).toEqual([{ id: 'z' }]);
  });

  it('says when the array is absent, as JSON.parse(...).authorizations ?? [] would', () => {
    expect(scanAll(Buffer.from('{"links":{}}'), [])).toEqual({ items: [], sawArray: false });
  });

  it('refuses a body that ends early or is not one object', () => {
    expect(() => scanAll(Buffer.from('{"authorizations":[{"id":"a"}'), [5])).toThrow(SyntaxError);
    expect(() => scanAll(Buffer.from('[{"id":"a"}]'), [])).toThrow(SyntaxError);
    expect(() => scanAll(Buffer.from('{} {}'), [])).toThrow(SyntaxError);
    expect(() => scanAll(Buffer.from(''), [])).toThrow(SyntaxError);
  });

  it('maps each element as it is read, from an async stream of chunks', async () => {
    async function* chunks() {
      yield new TextEncoder().encode('{"authorizations":[{"id":"a"},');
      yield new TextEncoder().encode('{"id":"b"}]}');
    }
    await expect(collectAuthorizations(chunks(), (a: { id: string }) => a.id.toUpperCase())).resolves.toEqual(['A', 'B']);
  });

  it('lets other work in between chunks that are all ready at once', async () => {
    const seen: string[] = [];
    async function* ready() {
      yield Buffer.from('{"authorizations":[{"id":"a"},');
      yield Buffer.from('{"id":"b"},');
      yield Buffer.from('{"id":"c"}]}');
    }
    // Another request's work, queued behind I/O like a socket's: it runs before the read ends.
    setImmediate(() => seen.push('other request'));
    const read = collectAuthorizations(ready(), (a: { id: string }) => seen.push(a.id), { sliceMs: 0 });
    await read;
    expect(seen.indexOf('other request')).toBeGreaterThan(0);
    expect(seen.indexOf('other request')).toBeLessThan(seen.indexOf('c'));
  });
});
