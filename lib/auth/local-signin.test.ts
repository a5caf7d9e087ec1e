import bcrypt from 'bcryptjs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createSigninLimiter } from '@/lib/security/signin-limits';
import { signInLocal, usernameTag, type LocalSignInDeps } from './local-signin';
import { hashPassword } from './password-hash';
import { failedLocalSignInEvent, type FailedLocalSignIn } from './signin-audit';
import type { LocalUser } from './users-file';

const SECRET = 'unit-test-auth-secret-0123456789abcdef';

// bcrypt cost 4 keeps the test quick; one argon2id user checks the native path.
const users: LocalUser[] = [
  { username: 'ada', role: 'admin', passwordHash: bcrypt.hashSync('ada-password-123', 4) },
  { username: 'bob', role: 'viewer', passwordHash: await hashPassword('bob-password-123') },
];

function setup(overrides: Partial<LocalSignInDeps> = {}) {
  const lines: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const deps: LocalSignInDeps = {
    users: () => users,
    limiter: createSigninLimiter(),
    secret: SECRET,
    log: (level, msg, fields) => lines.push({ level, msg, fields }),
    ...overrides,
  };
  return {
    deps,
    lines,
    signIn: (username: string, password: string, address = '203.0.113.9') => signInLocal({ username, password, address }, deps),
  };
}

describe('signInLocal', () => {
  it('signs in with bcrypt and argon2id hashes, and refuses a wrong password', async () => {
    const { signIn, lines } = setup();
    expect((await signIn('ada', 'ada-password-123'))?.username).toBe('ada');
    expect((await signIn('bob', 'bob-password-123'))?.username).toBe('bob');
    expect(await signIn('bob', 'ada-password-123')).toBeNull();
    expect(lines).toEqual([
      { level: 'info', msg: 'sign-in refused', fields: { provider: 'local', username: 'bob', address: '203.0.113.9' } },
    ]);
  });

  it('refuses empty input without counting it', async () => {
    const verify = vi.fn(async () => true);
    const { signIn } = setup({ verify });
    expect(await signIn('', 'x')).toBeNull();
    expect(await signIn('ada', '')).toBeNull();
    expect(verify).not.toHaveBeenCalled();
  });

  it('logs an unknown username only as a keyed hash, never as typed', async () => {
    const { signIn, lines } = setup();
    const typed = 'Tr0ub4dor&3-my-actual-password';
    expect(await signIn(typed, 'whatever')).toBeNull();
    expect(lines).toHaveLength(1);
    const fields = lines[0]!.fields;
    expect(fields).toMatchObject({ username: 'unknown user', usernameTag: usernameTag(typed, SECRET) });
    expect(fields.usernameTag).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.stringify(lines)).not.toContain('Tr0ub4dor');
  });

  it('sends each wrong password to the audit trail: a known user by name, an unknown one by tag only', async () => {
    const failures: FailedLocalSignIn[] = [];
    const { signIn } = setup({ auditFailure: (f) => void failures.push(f) });
    const typed = 'Tr0ub4dor&3-typed-as-username';
    expect((await signIn('ada', 'ada-password-123'))?.username).toBe('ada');
    await signIn('ada', 'wrong-password-1');
    await signIn(typed, 'ada-password-123', '198.51.100.7');
    expect(failures).toEqual([
      { username: 'ada', reason: 'password', address: '203.0.113.9' },
      { usernameTag: usernameTag(typed, SECRET), reason: 'password', address: '198.51.100.7' },
    ]);
    const events = failures.map(failedLocalSignInEvent);
    expect(events[0]).toMatchObject({
      actor: { id: 'local:ada', name: 'ada', role: 'none' },
      action: 'auth.signin',
      outcome: 'failure',
      detail: { reason: 'password' },
    });
    expect(events[1]).toMatchObject({
      actor: { name: 'unknown user', role: 'none' },
      outcome: 'failure',
      detail: { usernameTag: usernameTag(typed, SECRET) },
    });
    expect(JSON.stringify(events)).not.toContain('Tr0ub4dor');
    expect(JSON.stringify(events)).not.toContain('password-1');
    // Five wrong passwords are audited; the sixth, turned away by the limiter, only logged.
    for (let i = 0; i < 6; i++) await signIn('bob', 'wrong-password-2', '192.0.2.1');
    expect(failures.filter((f) => 'username' in f && f.username === 'bob')).toHaveLength(5);
  });

  it('never logs typed text as a field value, refused or rate-limited', async () => {
    const { signIn, lines } = setup();
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 6, maxLength: 40 }), async (rest) => {
        const typed = `pw-${rest}`;
        lines.length = 0;
        // 7 tries: refused five times, then rate-limited.
        for (let i = 0; i < 7; i++) await signIn(typed, 'some-password', `198.51.100.${Math.abs(hashCode(typed)) % 250}`);
        expect(lines.map((l) => l.msg)).toContain('sign-in rate-limited');
        for (const line of lines) for (const value of Object.values(line.fields)) expect(String(value)).not.toContain(typed);
      }),
      { numRuns: 25 },
    );
  });

  it('keys the lockout on username and address: a guesser elsewhere does not lock the person out', async () => {
    const verify = vi.fn(async (_hash: string, password: string) => password === 'ada-password-123');
    const { signIn, lines } = setup({ verify });
    for (let i = 0; i < 5; i++) expect(await signIn('ada', 'guess-' + i, '203.0.113.66')).toBeNull();
    verify.mockClear();
    // The guesser is now refused even with the right password, and no hash is checked for it.
    expect(await signIn('ada', 'ada-password-123', '203.0.113.66')).toBeNull();
    expect(verify).not.toHaveBeenCalled();
    expect(lines.at(-1)).toMatchObject({
      level: 'warn',
      msg: 'sign-in rate-limited',
      fields: { username: 'ada', limit: 'username-at-address' },
    });
    // Ada from her own address still signs in.
    expect((await signIn('ada', 'ada-password-123', '198.51.100.7'))?.username).toBe('ada');
  });

  it('checks an unknown username against a hash of the same cost as the real ones', async () => {
    const verify = vi.fn(async (_hash: string, _password: string) => false);
    const { signIn } = setup({ verify, users: () => [users[0]!] });
    await signIn('nobody', 'some-password');
    const [hash] = verify.mock.calls[0]!;
    expect(bcrypt.getRounds(hash)).toBe(bcrypt.getRounds(users[0]!.passwordHash));
    expect(hash).not.toBe(users[0]!.passwordHash);
  });
});

function hashCode(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}
