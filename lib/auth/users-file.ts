import 'server-only';
// Local console accounts, from a JSON file next to the deployment (never in the repo):
// {"users":[{"username":"ada","name":"Ada","role":"admin","passwordHash":"$argon2id$v=19$..."}]}
// Hashes are argon2id (scripts/hash-password.ts makes them) or, from older files, bcrypt. The file
// is re-read when it changes, so removing or demoting someone takes effect on their next request.
import { statSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { dummyHashFor, isArgon2idHash, isBcryptHash } from './password-hash';
import { roleSchema } from './role-schemas';
import type { Role } from './roles';

const usersFileSchema = z.object({
  users: z.array(
    z.object({
      username: z.string().min(1).max(100),
      name: z.string().max(200).optional(),
      email: z.email().optional(),
      role: roleSchema,
      passwordHash: z
        .string()
        .refine((h) => isArgon2idHash(h) || isBcryptHash(h), { error: 'passwordHash must be an argon2id or bcrypt hash' }),
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
    throw new Error(
      `CONSOLE_USERS_FILE ${path} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  cache = { path, mtimeMs, users: parsed.data.users };
  // Make the dummy hash for unknown usernames now, so the first such sign-in is not slower.
  dummyHashFor(cache.users.map((u) => u.passwordHash)).catch(() => {});
  return cache.users;
}

export function currentLocalRole(path: string, username: string): Role | null {
  return loadLocalUsers(path).find((u) => u.username === username)?.role ?? null;
}
