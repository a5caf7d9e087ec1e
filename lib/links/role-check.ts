// Who may grant what, for links and templates: the rule the token builder's policy applies
// (sensitive grants are admin-only, viewers mint nothing). Pure.
// TODO(lead, on merge): point mayGrant at lib/policy/ (issue 3) so there is one rule, not two.
import type { Role } from '@/lib/auth/roles';
import type { GrantShape } from '@/lib/permissions/model';
import { sensitiveFlags } from '@/lib/permissions/sensitivity';

export type GrantCheck = { ok: true } | { ok: false; reason: string };

export function mayGrant(role: Role, grant: GrantShape, resourceTypes: readonly string[]): GrantCheck {
  if (role === 'viewer') return { ok: false, reason: 'viewers cannot create tokens; ask a creator or an admin' };
  if (grant.type === 'instance') return { ok: false, reason: 'the instance type can never be granted' };
  if (resourceTypes.length > 0 && !resourceTypes.includes(grant.type)) {
    return { ok: false, reason: `this InfluxDB server has no resource type “${grant.type}”` };
  }
  if (role === 'admin') return { ok: true };
  const flag = sensitiveFlags([grant])[0];
  if (flag) return { ok: false, reason: `only admins may grant this: it ${flag.reason}` };
  return { ok: true };
}
