// Password hashes of the users file. New hashes are argon2id (@node-rs/argon2: native, and its
// async hash/verify run on libuv's thread pool, so a burst of sign-ins does not stall every other
// request). bcrypt hashes made before argon2id are still verified; bcryptjs is pure JavaScript and
// runs on the main thread, so argon2id is the one to use.
import { hash as argon2Hash, parseOptions as argon2Options, verify as argon2Verify } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { createSlots } from './hash-slots';

export const ARGON2ID_PREFIX = '$argon2id$';
const BCRYPT = /^\$2[aby]\$(\d{2})\$/;

export function isArgon2idHash(hash: string): boolean {
  return hash.startsWith(ARGON2ID_PREFIX);
}

export function isBcryptHash(hash: string): boolean {
  return BCRYPT.test(hash);
}

/** A new hash for the users file: argon2id with the library's defaults (19 MiB, 2 passes, 1 lane). */
export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password);
}

// Two checks at once at most, the others queue (hash-slots.ts says why).
const checks = createSlots(2);

/** False for a wrong password and for a hash in no format we know (never throws on input). */
export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return checks.run(() => check(hash, password));
}

async function check(hash: string, password: string): Promise<boolean> {
  try {
    if (isArgon2idHash(hash)) return await argon2Verify(hash, password);
    if (isBcryptHash(hash)) return await bcrypt.compare(password, hash);
  } catch {
    // A malformed hash verifies nothing.
  }
  return false;
}

/**
 * What decides how long a hash takes to check: the scheme and its cost parameters, salt aside.
 * Two hashes with the same key take the same time to verify.
 */
export function hashCostKey(hash: string): string | null {
  const bcryptCost = BCRYPT.exec(hash)?.[1];
  if (bcryptCost) return `bcrypt:${Number(bcryptCost)}`;
  if (!isArgon2idHash(hash)) return null;
  try {
    const o = argon2Options(hash);
    return `argon2id:v=${o.version}:m=${o.memoryCost}:t=${o.timeCost}:p=${o.parallelism}:len=${o.outputLen}`;
  } catch {
    return null;
  }
}

const dummies = new Map<string, Promise<string>>();

/**
 * A hash of a random secret that costs what the users file's own hashes cost (the most common
 * scheme and parameters in the file; argon2id defaults for an empty file). Checking a password
 * for an unknown username against it takes as long as checking a real user's, so the answer time
 * does not tell which usernames exist. Made once per cost and kept.
 */
export function dummyHashFor(realHashes: readonly string[]): Promise<string> {
  const key = mostCommon(realHashes.map(hashCostKey).filter((k): k is string => k !== null)) ?? 'argon2id:default';
  let dummy = dummies.get(key);
  if (!dummy) {
    dummy = makeDummy(key, realHashes);
    dummies.set(key, dummy);
    dummy.catch(() => dummies.delete(key));
  }
  return dummy;
}

function makeDummy(key: string, realHashes: readonly string[]): Promise<string> {
  const secret = `not-a-password-${randomUUID()}`;
  if (key.startsWith('bcrypt:')) return bcrypt.hash(secret, Number(key.slice('bcrypt:'.length)));
  const model = realHashes.find((h) => hashCostKey(h) === key);
  if (!model) return argon2Hash(secret);
  const { memoryCost, timeCost, parallelism, outputLen, version, algorithm } = argon2Options(model);
  return argon2Hash(secret, { memoryCost, timeCost, parallelism, outputLen, version, algorithm });
}

function mostCommon(keys: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  let best: string | undefined;
  for (const [k, n] of counts) if (best === undefined || n > counts.get(best)!) best = k;
  return best;
}
