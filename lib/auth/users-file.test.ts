import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { hashPassword } from './password-hash';
import { loadLocalUsers } from './users-file';

function usersFile(users: unknown[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'itc-users-')), 'users.json');
  writeFileSync(file, JSON.stringify({ users }));
  return file;
}

describe('loadLocalUsers', () => {
  it('accepts argon2id and bcrypt hashes side by side', async () => {
    const file = usersFile([
      { username: 'new', role: 'admin', passwordHash: await hashPassword('a new password') },
      { username: 'old', role: 'viewer', passwordHash: bcrypt.hashSync('an old password', 4) },
    ]);
    expect(loadLocalUsers(file).map((u) => u.username)).toEqual(['new', 'old']);
  });

  it.each([
    ['plain text', 'hunter2'],
    ['argon2i', '$argon2i$v=19$m=4096,t=3,p=1$c29tZXNhbHQ$aGFzaA'],
    ['md5-crypt', '$1$salt$hash'],
  ])('refuses a %s passwordHash and names the field', (_what, passwordHash) => {
    const file = usersFile([{ username: 'x', role: 'viewer', passwordHash }]);
    expect(() => loadLocalUsers(file)).toThrow(/users\.0\.passwordHash: passwordHash must be an argon2id or bcrypt hash/);
  });
});
