// What each console role may grant. Pure: the builder uses it to hide and explain, the server
// action enforces it. Default: viewers mint nothing, creators mint non-sensitive grants, admins
// may also mint sensitive ones (write on authorizations/users/orgs/secrets, reading secrets or
// tokens, all access), after an explicit confirmation.
import { hasRole, type Role } from '@/lib/auth/roles';
import type { Grant, GrantShape } from '@/lib/permissions/model';
import { sensitiveFlags, type SensitiveFlag } from '@/lib/permissions/sensitivity';
import { decide } from './operations';

export interface GrantPolicy {
  /** Lowest role that may mint tokens at all. */
  mintRole: Role;
  /** Lowest role that may mint flagged (sensitive) grants. */
  sensitiveRole: Role;
  /**
   * Lowest role that may mint a token owned by another InfluxDB user (an existing one, or one the
   * console creates): it creates identities in InfluxDB, so admins only unless configured.
   */
  otherOwnerRole: Role;
}

export const DEFAULT_POLICY: GrantPolicy = { mintRole: 'creator', sensitiveRole: 'admin', otherOwnerRole: 'admin' };

export type PolicyDecision =
  | { allowed: true; flags: SensitiveFlag[]; needsConfirmation: boolean }
  | { allowed: false; reason: 'role' | 'sensitive'; flags: SensitiveFlag[]; message: string };

export function evaluateGrants(
  role: Role,
  grants: readonly GrantShape[],
  resourceTypes: readonly string[],
  policy: GrantPolicy = DEFAULT_POLICY,
): PolicyDecision {
  const flags = sensitiveFlags(grants, resourceTypes);
  if (!hasRole(role, policy.mintRole)) {
    return { allowed: false, reason: 'role', flags, message: `Only ${policy.mintRole}s and above may create tokens.` };
  }
  if (flags.length > 0 && !hasRole(role, policy.sensitiveRole)) {
    const what = flags.map(flagLabel).join('; ');
    const runsCode = flags.some((f) => f.class === 'code-running')
      ? ' Tasks, checks and notifications run queries with the rights of the token’s owner, not the token’s own.'
      : '';
    return {
      allowed: false,
      reason: 'sensitive',
      flags,
      message: `Only ${policy.sensitiveRole}s may grant ${what}. Remove ${flags.length === 1 ? 'it' : 'them'}, or ask an ${policy.sensitiveRole}.${runsCode}`,
    };
  }
  return { allowed: true, flags, needsConfirmation: flags.length > 0 };
}

/** "write on authorizations", "all access". */
export function flagLabel(f: SensitiveFlag): string {
  return f.action === 'all' ? 'all access' : `${f.action} on ${f.type}`;
}

/** Whether the role may tick this (type, action) at all, for the matrix. */
export function mayGrant(role: Role, type: string, action: Grant['action'], policy: GrantPolicy = DEFAULT_POLICY): boolean {
  if (!hasRole(role, policy.mintRole)) return false;
  const flagged = sensitiveFlags([{ type, action, scope: type === 'users' ? { kind: 'owner' } : { kind: 'all' } }]).length > 0;
  return !flagged || hasRole(role, policy.sensitiveRole);
}

/** The All access preset is itself flagged; only roles that may mint sensitive grants get it. */
export const mayUseAllAccess = (role: Role, policy: GrantPolicy = DEFAULT_POLICY) => hasRole(role, policy.sensitiveRole);

/** Whether the role may choose an owner other than the console's own user; the reason when not. */
export function otherOwnerDecision(
  role: Role,
  policy: GrantPolicy = DEFAULT_POLICY,
): { allowed: true } | { allowed: false; message: string } {
  if (decide(role, 'influx-user.create', policy).allowed) return { allowed: true };
  return {
    allowed: false,
    message: `Only ${policy.otherOwnerRole}s may create tokens owned by another InfluxDB user (setting CONSOLE_OTHER_OWNER_ROLE). Tokens you create belong to the console’s InfluxDB user.`,
  };
}
