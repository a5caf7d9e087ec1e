import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { typeLabel } from './describe';

describe('typeLabel', () => {
  it('names the known types in the singular and plural', () => {
    expect(typeLabel('buckets')).toBe('bucket');
    expect(typeLabel('buckets', true)).toBe('buckets');
  });

  it('never throws for any type name a server may send, including names of built-in object properties', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'valueOf']) {
      expect(typeLabel(name, true)).toBe(`${name}s`);
    }
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.boolean(), (name, plural) => {
        expect(typeof typeLabel(name, plural)).toBe('string');
      }),
    );
  });
});
