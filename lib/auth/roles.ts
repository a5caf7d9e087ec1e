// Console roles and who gets which. Pure: shared by the server guard and the UI (which only hides).
import { z } from 'zod';

export const ROLES = ['viewer', 'creator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

const rank: Record<Role, number> = { viewer: 0, creator: 1, admin: 2 };

export function hasRole(actual: Role | undefined, needed: Role): boolean {
  return actual !== undefined && rank[actual] >= rank[needed];
}

/**
 * Maps an SSO identity to a role. Entries are exact emails ("ana@acme.com"), domain wildcards
 * ("*@acme.com") or groups ("group:influx-admins"). The highest matching role wins; no match
 * means `default` (null: the person may not sign in at all).
 */
export const oidcRoleMapSchema = z.object({
  admins: z.array(z.string()).default([]),
  creators: z.array(z.string()).default([]),
  viewers: z.array(z.string()).default([]),
  default: roleSchema.nullable().default(null),
});
export type OidcRoleMap = z.infer<typeof oidcRoleMapSchema>;

function matches(entry: string, email: string | undefined, groups: readonly string[]): boolean {
  const e = entry.trim().toLowerCase();
  if (e.startsWith('group:')) return groups.some((g) => g.toLowerCase() === e.slice(6));
  if (!email) return false;
  const mail = email.toLowerCase();
  if (e.startsWith('*@')) return mail.endsWith(e.slice(1));
  return mail === e;
}

/**
 * The provider's `email_verified` claim, read strictly: only the boolean `true` counts. Providers
 * omit it or send the strings "true"/"false"; a missing or odd claim is not a verification.
 */
export function isEmailVerified(claim: unknown): boolean {
  return claim === true;
}

export function roleForIdentity(
  map: OidcRoleMap,
  identity: { email?: string; emailVerified?: boolean; groups?: readonly string[] },
): Role | null {
  // An unverified email must not unlock an email rule: anyone can type any address at some IdPs.
  // Only an explicit `true` verifies; group rules do not depend on it.
  const email = identity.emailVerified === true ? identity.email : undefined;
  const groups = identity.groups ?? [];
  if (map.admins.some((e) => matches(e, email, groups))) return 'admin';
  if (map.creators.some((e) => matches(e, email, groups))) return 'creator';
  if (map.viewers.some((e) => matches(e, email, groups))) return 'viewer';
  return map.default;
}
