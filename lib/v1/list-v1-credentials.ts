// The v1 credentials of one org, for the page: no secret (InfluxDB returns none: only the
// username, which is an identifier), the owner's status next to the credential's own (either
// one inactive and InfluxDB refuses the login with the same 401), permissions in words, and what
// the person may do to each (the same policy the actions ask again).
import type { Role } from '@/lib/auth/roles';
import { decide, type ConnectionFacts, type V1Operation } from '@/lib/policy/operations';
import type { OrgScope, V1Deps } from './deps';
import { factsOfV1 } from './facts';
import { describeV1Permissions, type PermissionLine } from './permissions';

export interface V1Row {
  id: string;
  username: string;
  description: string;
  status: 'active' | 'inactive';
  ownerID: string;
  ownerName: string;
  /** 'unknown': the console's credential cannot read that user. */
  ownerStatus: 'active' | 'inactive' | 'unknown';
  ownerIsConsole: boolean;
  permissions: PermissionLine[];
  createdAt?: string;
  may: Record<Exclude<V1Operation, 'view' | 'create'>, boolean>;
  /** Why an operation is not offered, one line per refused operation (the policy's words). */
  refusals: string[];
}

export async function listV1Credentials(
  org: OrgScope,
  role: Role,
  deps: Pick<V1Deps, 'v1' | 'consoleUser' | 'users' | 'getUser' | 'resourceTypes' | 'policy'>,
  /** The connection listed, so what is offered follows who may act there (absent: no such rule). */
  on?: ConnectionFacts,
): Promise<V1Row[]> {
  const [list, consoleUser, users, types] = await Promise.all([
    deps.v1.list({ orgID: org.id }),
    deps.consoleUser(),
    // Owner statuses are a help, not a must: a credential that cannot list users still lists.
    deps.users().catch(() => []),
    deps.resourceTypes(),
  ]);
  const userByID = new Map(users.map((u) => [u.id, u]));
  // The user list is cached for seconds; an owner made since is asked for by id (once each).
  const unseen = [...new Set(list.map((c) => c.userID))].filter((id) => id && !userByID.has(id));
  for (const u of await Promise.all(unseen.map((id) => deps.getUser(id).catch(() => undefined)))) if (u) userByID.set(u.id, u);
  return list
    .map((c): V1Row => {
      const facts = factsOfV1(c, consoleUser.id, types);
      const ops = ['password', 'activate', 'deactivate', 'delete'] as const;
      const decisions = ops.map((op) => [op, decide(role, `v1.${op}`, deps.policy, facts, on)] as const);
      const owner = userByID.get(c.userID);
      return {
        id: c.id,
        username: c.username,
        description: c.description,
        status: c.status,
        ownerID: c.userID,
        ownerName: c.user ?? owner?.name ?? c.userID,
        ownerStatus: owner ? (owner.status ?? 'active') : 'unknown',
        ownerIsConsole: c.userID === consoleUser.id,
        permissions: describeV1Permissions(c.permissions),
        ...(c.createdAt ? { createdAt: c.createdAt } : {}),
        may: Object.fromEntries(decisions.map(([op, d]) => [op, d.allowed])) as V1Row['may'],
        refusals: [...new Set(decisions.flatMap(([, d]) => (d.allowed ? [] : [d.message])))],
      };
    })
    .sort((a, b) => a.username.localeCompare(b.username));
}
