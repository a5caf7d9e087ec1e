// Which grants deserve friction, in two classes the policy treats alike and the review words apart:
// - sensitive: write on authorizations lets the holder mint more tokens; write on users, orgs or
//   secrets changes who can do what; reading secrets, tokens or 1.x sources exposes credentials (a
//   source's stored token comes back in clear). All access is flagged as a whole.
// - code-running: influxd runs Flux for these resources with the rights of the task's OWNER (through
//   org membership), not the token's own rights, and a rewritten existing task or check keeps its
//   original owner. Verified on influxd 2.9.1 (docs/code-running-grants.md,
//   lib/policy/code-running.integration.test.ts). Not in the class, on the same evidence:
//   notification endpoints (they only store a URL and credential), scrapers and replications (they
//   act with the token's own rights, checked when created), sources (influxd never calls them).
import type { Grant, GrantShape } from './model';
import { isAllAccess } from './presets';

export type FlagClass = 'sensitive' | 'code-running';

const CODE_RUNNING_REASON = 'can run queries with the rights of its owner (influxd runs them as that user, not as the token)';

const FLAGGED: Record<string, { read?: string; write?: string; class?: FlagClass }> = {
  authorizations: {
    write: 'can create, change and delete API tokens (including tokens as powerful as itself)',
    read: 'can list every token of the org (on older servers, their values too)',
  },
  users: { write: 'can change users (including passwords) and their memberships' },
  orgs: { write: 'can change the organisation and its members' },
  secrets: { read: 'can read stored secrets (credentials of other systems)', write: 'can change stored secrets' },
  sources: { read: 'can read the credentials stored with InfluxDB 1.x sources, in clear' },
  tasks: { write: `${CODE_RUNNING_REASON}, including rewriting other people's tasks`, class: 'code-running' },
  checks: { write: `${CODE_RUNNING_REASON}: a check is a task with its own schedule`, class: 'code-running' },
  notificationRules: {
    write: `${CODE_RUNNING_REASON}: a rule is a task that sends to endpoints with their stored credentials`,
    class: 'code-running',
  },
};

/** The (type, action) pairs that make influxd run code on the owner's behalf. */
export const CODE_RUNNING_GRANTS: readonly { type: string; action: Grant['action'] }[] = Object.entries(FLAGGED).flatMap(([type, f]) =>
  f.class === 'code-running' ? (['read', 'write'] as const).filter((a) => f[a]).map((action) => ({ type, action })) : [],
);

export interface SensitiveFlag {
  type: string;
  action: Grant['action'] | 'all';
  reason: string;
  class: FlagClass;
}

export function sensitiveFlags(grants: readonly GrantShape[], resourceTypes: readonly string[] = []): SensitiveFlag[] {
  const flags: SensitiveFlag[] = [];
  if (resourceTypes.length > 0 && isAllAccess(grants, resourceTypes)) {
    flags.push({ type: '*', action: 'all', reason: 'all access: everything in the org, including minting new tokens', class: 'sensitive' });
  }
  for (const g of grants) {
    const entry = FLAGGED[g.type];
    const reason = entry?.[g.action];
    if (reason) flags.push({ type: g.type, action: g.action, reason, class: entry.class ?? 'sensitive' });
  }
  return flags;
}

export const isSensitive = (grants: readonly GrantShape[], resourceTypes: readonly string[] = []) =>
  sensitiveFlags(grants, resourceTypes).length > 0;

/** The review's words for a flag, with the owner's name where it matters. */
export function flagReason(flag: SensitiveFlag, ownerName?: string): string {
  if (flag.class === 'code-running' && ownerName && flag.reason.startsWith(CODE_RUNNING_REASON)) {
    return `can run queries with the rights of ${ownerName}${flag.reason.slice(CODE_RUNNING_REASON.length)}`;
  }
  return flag.reason;
}
