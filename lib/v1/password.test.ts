import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatePassword, PASSWORD_ALPHABET, PASSWORD_LENGTH, passwordProblem } from './password';

describe('generatePassword', () => {
  it('makes 32 letters and digits with upper case, lower case and a digit, which influxd takes even with --strong-passwords', () => {
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(passwordProblem(p)).toBeUndefined();
    }
  });

  it('whatever the random source picks, the answer is a valid password drawn from the alphabet', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: PASSWORD_LENGTH * 3, maxLength: PASSWORD_LENGTH * 3 }), (draws) => {
        // The source cycles through the draws (a fixed source that misses a class forever would
        // loop; a real CSPRNG does not), then falls back to a class-complete tail.
        let i = 0;
        const fallback = 'aA0';
        const pick = (n: number) => (i < draws.length ? draws[i++]! % n : PASSWORD_ALPHABET.indexOf(fallback[i++ % 3]!));
        const p = generatePassword(pick);
        expect(p).toHaveLength(PASSWORD_LENGTH);
        expect([...p].every((c) => PASSWORD_ALPHABET.includes(c))).toBe(true);
        expect(passwordProblem(p)).toBeUndefined();
      }),
    );
  });

  it('draws again when a class is missing instead of patching one in', () => {
    const draws = [...Array<number>(PASSWORD_LENGTH).fill(0), ...Array.from({ length: PASSWORD_LENGTH }, (_, k) => [0, 26, 52][k % 3]!)];
    let i = 0;
    expect(generatePassword(() => draws[i++]!)).toBe('Aa0'.repeat(11).slice(0, PASSWORD_LENGTH));
    expect(i).toBe(PASSWORD_LENGTH * 2);
  });

  it('does not repeat itself (a CSPRNG, not a seeded one)', () => {
    expect(new Set(Array.from({ length: 100 }, () => generatePassword())).size).toBe(100);
  });
});

describe('passwordProblem: influxd 2.9.1 rules', () => {
  it('8 to 72 characters', () => {
    expect(passwordProblem('Ab1')).toMatch(/8 to 72/);
    expect(passwordProblem('Ab1'.repeat(25))).toMatch(/8 to 72/);
    expect(passwordProblem('Abcdefg1')).toBeUndefined();
  });
  it('three of four classes (--strong-passwords)', () => {
    expect(passwordProblem('abcdefgh12')).toMatch(/three of/);
    expect(passwordProblem('abcdefgh1!')).toBeUndefined();
  });
});
