import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { v1CreateSchema, v1UsernameSchema } from './form-schema';

const A = 'a000000000000001';

describe('v1UsernameSchema', () => {
  it('takes plain identifiers', () => {
    for (const u of ['telegraf', 'grafana.prod', 'edge-01_writer', 'svc@site3'])
      expect(v1UsernameSchema.safeParse(u).success, u).toBe(true);
  });

  it('refuses what breaks Basic auth or u= (":", spaces), and anything token-like or long', () => {
    for (const u of ['', 'a:b', 'has space', '-leading', 'x'.repeat(33), 'ünïcode'])
      expect(v1UsernameSchema.safeParse(u).success, u).toBe(false);
  });

  it('property: an accepted username has no ":" or whitespace and at most 32 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const r = v1UsernameSchema.safeParse(s);
        if (r.success) {
          expect(r.data).not.toMatch(/[:\s]/);
          expect(r.data.length).toBeLessThanOrEqual(32);
        }
      }),
    );
  });
});

describe('v1CreateSchema', () => {
  it('needs at least one bucket to read or write', () => {
    expect(v1CreateSchema.safeParse({ username: 'u', read: [], write: [] }).success).toBe(false);
    expect(v1CreateSchema.safeParse({ username: 'u', write: [A] }).success).toBe(true);
  });

  it('the owner is the console’s user unless an existing user is chosen by id; no "new user" here', () => {
    expect(v1CreateSchema.parse({ username: 'u', read: [A] }).owner).toEqual({ kind: 'console' });
    expect(v1CreateSchema.safeParse({ username: 'u', read: [A], owner: { kind: 'new', name: 'x' } }).success).toBe(false);
  });

  it('has no password field: a password is never typed in or posted', () => {
    expect(v1CreateSchema.safeParse({ username: 'u', read: [A], password: 'Secret-123456' }).success).toBe(false);
  });
});
