// The password of a v1 credential, made by the console: 32 characters from a CSPRNG, letters and
// digits only. influxd takes 8 to 72 characters and, with --strong-passwords, three of four
// character classes; upper, lower and digit are always all present, so it passes either way.
// No symbols: the password ends up in `u=`/`p=` query parameters, Basic auth headers and
// configuration files, where `&`, `+`, `%` or `:` are easy to get wrong. 62^32 is about 190 bits.
import { randomInt } from 'node:crypto';

export const PASSWORD_LENGTH = 32;
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
export const PASSWORD_ALPHABET = UPPER + LOWER + DIGITS;

/** What influxd accepts (length) and what --strong-passwords asks for (three classes). */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 8 || password.length > 72) return 'InfluxDB needs 8 to 72 characters.';
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[!@#$%^&*()_+]/].filter((r) => r.test(password)).length;
  if (classes < 3) return 'InfluxDB started with --strong-passwords needs three of: upper case, lower case, digits, symbols.';
  return undefined;
}

/** `pick(n)` returns an integer in [0, n): crypto.randomInt (unbiased) unless a test passes one. */
export function generatePassword(pick: (n: number) => number = randomInt): string {
  for (;;) {
    let out = '';
    for (let i = 0; i < PASSWORD_LENGTH; i++) out += PASSWORD_ALPHABET[pick(PASSWORD_ALPHABET.length)];
    // Drawing again (rather than forcing a class into a fixed place) keeps every accepted
    // password equally likely. A draw misses a class about once in 10^4.
    if (/[A-Z]/.test(out) && /[a-z]/.test(out) && /[0-9]/.test(out)) return out;
  }
}
