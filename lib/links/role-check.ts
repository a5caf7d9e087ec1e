// Who may grant what, for links and templates. The rule itself lives in lib/policy (the same one the
// builder shows and the mint action enforces); this adds what only a link can get wrong: a type
// this server does not have, or `instance`. Pure.
import type { Role } from '@/lib/auth/roles';
import type { GrantShape } from '@/lib/permissions/model';
import { DEFAULT_POLICY, evaluateGrants, type GrantPolicy } from '@/lib/policy/grant-policy';

export type GrantCheck = { ok: true } | { ok: false; reason: string };

export function mayGrant(
  role: Role,
  grant: GrantShape,
  resourceTypes: readonly string[],
  policy: GrantPolicy = DEFAULT_POLICY,
): GrantCheck {
  if (grant.type === 'instance') return { ok: false, reason: 'the instance type can never be granted' };
  if (resourceTypes.length > 0 && !resourceTypes.includes(grant.type)) {
    return { ok: false, reason: `this InfluxDB server has no resource type “${grant.type}”` };
  }
  const decision = evaluateGrants(role, [grant], [], policy);
  if (decision.allowed) return { ok: true };
  if (decision.reason === 'role') return { ok: false, reason: `${role}s cannot create tokens; ask a creator or an admin` };
  const flag = decision.flags[0];
  return { ok: false, reason: `only ${policy.sensitiveRole}s may grant this${flag ? `: it ${flag.reason}` : ''}` };
}
