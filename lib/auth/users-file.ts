import 'server-only';
// Local console accounts, from a JSON file next to the deployment (never in the repo):
// {"users":[{"username":"ada","name":"Ada","role":"admin","passwordHash":"$2b$12$..."}]}
// Hashes are bcrypt (scripts/hash-password.ts makes them). The file is re-read when it changes,
// so removing or demoting someone takes effect on their next request.
import { statSync, readFileSync } from 'node:fs';
import bcrypt from 'bcryptjs';
import { z } from 'zod';
import { roleSchema, type Role } from './roles';

const usersFileSchema = z.object({
  users: z.array(
    z.object({
      username: z.string().min(1).max(100),
      name: z.string().max(200).optional(),
      email: z.email().optional(),
      role: roleSchema,
      passwordHash: z.string().regex(/^\$2[aby]\$\d{2}\$/, { error: 'passwordHash must be a bcrypt hash' }),
    }),
  ),
});
export type LocalUser = z.infer<typeof usersFileSchema>['users'][number];

let cache: { path: string; mtimeMs: number; users: LocalUser[] } | undefined;

export function loadLocalUsers(path: string): LocalUser[] {
  const { mtimeMs } = statSync(path);
  if (cache && cache.path === path && cache.mtimeMs === mtimeMs) return cache.users;
  const parsed = usersFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(`CONSOLE_USERS_FILE ${path} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  cache = { path, mtimeMs, users: parsed.data.users };
  return cache.users;
}

// A real hash of a random string: comparing against it keeps the time of "no such user" equal to
// the time of "wrong password", so sign-in does not reveal which usernames exist.
const DUMMY_HASH = bcrypt.hashSync('not-a-password-' + Math.random(), 10);

export async function verifyLocalUser(path: string, username: string, password: string): Promise<LocalUser | null> {
  const user = loadLocalUsers(path).find((u) => u.username === username);
  const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
  return user && ok ? user : null;
}

export function currentLocalRole(path: string, username: string): Role | null {
  return loadLocalUsers(path).find((u) => u.username === username)?.role ?? null;
}
