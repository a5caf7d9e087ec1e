// Console roles and who gets which. Pure: shared by the server guard and the UI (which only hides).
// The zod schemas (users file, OIDC role map) are in role-schemas.ts, so the UI does not load zod.
import type { OidcRoleMap } from './role-schemas';

export const ROLES = ['viewer', 'creator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const rank: Record<Role, number> = { viewer: 0, creator: 1, admin: 2 };

export function hasRole(actual: Role | undefined, needed: Role): boolean {
  return actual !== undefined && rank[actual] >= rank[needed];
}

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
