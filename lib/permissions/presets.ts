// Presets for the builder. "All access in this org" is the same set InfluxDB's own All Access
// token holds: read+write on every type in the org, except orgs (read only) and users (read+write
// on the owner only).
import type { Grant, GrantShape } from './model';

export function allAccessGrants(resourceTypes: readonly string[]): Grant[] {
  const grants: Grant[] = [];
  for (const type of resourceTypes) {
    if (type === 'instance') continue;
    if (type === 'orgs') grants.push({ type, action: 'read', scope: { kind: 'all' } });
    else if (type === 'users') {
      grants.push({ type, action: 'read', scope: { kind: 'owner' } }, { type, action: 'write', scope: { kind: 'owner' } });
    } else {
      grants.push({ type, action: 'read', scope: { kind: 'all' } }, { type, action: 'write', scope: { kind: 'all' } });
    }
  }
  return grants;
}

/** True when the grants cover everything the All Access preset would. */
export function isAllAccess(grants: readonly GrantShape[], resourceTypes: readonly string[]): boolean {
  const has = new Set(grants.map((g) => `${g.action}:${g.type}:${g.scope.kind}`));
  return allAccessGrants(resourceTypes).every((g) => has.has(`${g.action}:${g.type}:${g.scope.kind}`));
}
