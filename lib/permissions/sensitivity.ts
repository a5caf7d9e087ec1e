// Which grants deserve friction. Write on authorizations lets the holder mint more tokens; write on
// users, orgs or secrets changes who can do what; reading secrets exposes credentials of other
// systems. All access is flagged as a whole.
import type { Grant, GrantShape } from './model';
import { isAllAccess } from './presets';

const SENSITIVE: Record<string, { read?: string; write?: string }> = {
  authorizations: {
    write: 'can create, change and delete API tokens (including tokens as powerful as itself)',
    read: 'can list every token of the org (on older servers, their values too)',
  },
  users: { write: 'can change users (including passwords) and their memberships' },
  orgs: { write: 'can change the organisation and its members' },
  secrets: { read: 'can read stored secrets (credentials of other systems)', write: 'can change stored secrets' },
};

export interface SensitiveFlag {
  type: string;
  action: Grant['action'] | 'all';
  reason: string;
}

export function sensitiveFlags(grants: readonly GrantShape[], resourceTypes: readonly string[] = []): SensitiveFlag[] {
  const flags: SensitiveFlag[] = [];
  if (resourceTypes.length > 0 && isAllAccess(grants, resourceTypes)) {
    flags.push({ type: '*', action: 'all', reason: 'all access: everything in the org, including minting new tokens' });
  }
  for (const g of grants) {
    const reason = SENSITIVE[g.type]?.[g.action];
    if (reason) flags.push({ type: g.type, action: g.action, reason });
  }
  return flags;
}

export const isSensitive = (grants: readonly GrantShape[], resourceTypes: readonly string[] = []) =>
  sensitiveFlags(grants, resourceTypes).length > 0;
