import { describe, expect, it } from 'vitest';
import { DatabaseUnreachableError } from './postgres';
import { DATABASE_UNREACHABLE_DIGEST, isDatabaseUnreachable } from './unreachable';

describe('isDatabaseUnreachable', () => {
  it('knows the storage error, also wrapped by another error', () => {
    const down = new DatabaseUnreachableError('127.0.0.1:5432', 'connect ECONNREFUSED 127.0.0.1:5432');
    expect(down.digest).toBe(DATABASE_UNREACHABLE_DIGEST);
    expect(isDatabaseUnreachable(down)).toBe(true);
    expect(isDatabaseUnreachable(new Error('while saving', { cause: down }))).toBe(true);
  });

  it('does not take other failures for an outage', () => {
    expect(isDatabaseUnreachable(new Error('duplicate key value violates unique constraint'))).toBe(false);
    expect(isDatabaseUnreachable(Object.assign(new Error('x'), { digest: 'NEXT_REDIRECT;replace;/signin' }))).toBe(false);
    expect(isDatabaseUnreachable(undefined)).toBe(false);
    expect(isDatabaseUnreachable('DATABASE_UNREACHABLE')).toBe(false);
  });
});
