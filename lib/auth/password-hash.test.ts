import { hash as argon2Hash, parseOptions } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { dummyHashFor, hashCostKey, hashPassword, verifyPassword } from './password-hash';

// The salt differs by design; everything that decides the cost must not.
function costOf(hash: string) {
  const { saltLen: _salt, ...cost } = parseOptions(hash);
  return cost;
}

describe('hashPassword and verifyPassword', () => {
  it('makes argon2id hashes with the library defaults and checks them', async () => {
    const hash = await hashPassword('a long enough password');
    expect(hash.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(await verifyPassword(hash, 'a long enough password')).toBe(true);
    expect(await verifyPassword(hash, 'a long enough passwort')).toBe(false);
  });

  it('still checks bcrypt hashes from older users files', async () => {
    const hash = bcrypt.hashSync('an old password', 4);
    expect(await verifyPassword(hash, 'an old password')).toBe(true);
    expect(await verifyPassword(hash, 'another password')).toBe(false);
  });

  it('verifies nothing against a malformed or unknown hash', async () => {
    expect(await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$broken', 'x')).toBe(false);
    expect(await verifyPassword('$2b$10$short', 'x')).toBe(false);
    expect(await verifyPassword('plain-text', 'plain-text')).toBe(false);
    expect(await verifyPassword('$argon2i$v=19$m=4096,t=3,p=1$c29tZXNhbHQ$aGFzaA', 'x')).toBe(false);
  });
});

describe('dummyHashFor (the hash unknown usernames are checked against)', () => {
  it('costs what the real argon2id hashes cost (defaults)', async () => {
    const real = await hashPassword('a real password here');
    const dummy = await dummyHashFor([real]);
    expect(dummy).not.toBe(real);
    expect(costOf(dummy)).toEqual(costOf(real));
    expect(hashCostKey(dummy)).toBe(hashCostKey(real));
  });

  it('copies non-default argon2id parameters from the file', async () => {
    const real = await argon2Hash('tuned', { memoryCost: 8192, timeCost: 3, parallelism: 2 });
    const dummy = await dummyHashFor([real]);
    expect(costOf(dummy)).toEqual(costOf(real));
    expect(costOf(dummy)).toMatchObject({ memoryCost: 8192, timeCost: 3, parallelism: 2 });
  });

  it('is a bcrypt hash of the same cost when the file holds bcrypt hashes', async () => {
    const real = bcrypt.hashSync('an old password', 5);
    const dummy = await dummyHashFor([real, bcrypt.hashSync('another one', 5)]);
    expect(dummy.startsWith('$2')).toBe(true);
    expect(bcrypt.getRounds(dummy)).toBe(bcrypt.getRounds(real));
  });

  it('follows the most common cost in a mixed file', async () => {
    const argon = await hashPassword('new style');
    const dummy = await dummyHashFor([bcrypt.hashSync('a', 4), argon, bcrypt.hashSync('b', 4)]);
    expect(hashCostKey(dummy)).toBe('bcrypt:4');
    expect(hashCostKey(await dummyHashFor([argon, bcrypt.hashSync('a', 4), argon]))).toBe(hashCostKey(argon));
  });

  it('uses argon2id defaults for an empty file, the same as new hashes', async () => {
    expect(costOf(await dummyHashFor([]))).toEqual(costOf(await hashPassword('whatever it is')));
  });

  it('matches no password a person could type', async () => {
    const dummy = await dummyHashFor([]);
    expect(await verifyPassword(dummy, '')).toBe(false);
    expect(await verifyPassword(dummy, 'not-a-password-')).toBe(false);
  });
});
