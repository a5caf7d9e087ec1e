// Grants -> InfluxDB permission objects, and back. The one place that knows InfluxDB's scoping
// rules (see shared/reference): every resource carries orgID (type-wide or with an id), except
// orgs (id = the org) and users (id = a user). Never a name without an id: OSS ignores names and
// would silently widen the grant to every resource of the type.
import type { PermissionDTO } from '@/lib/influx/dto';
import { normaliseGrants, type Grant } from './model';

export interface ScopeContext {
  orgID: string;
  /** The user who will own the token; needed for `users` grants scoped to the owner. */
  ownerUserID?: string;
}

export class GrantError extends Error {
  constructor(
    readonly grant: Pick<Grant, 'type' | 'action'>,
    reason: string,
  ) {
    super(`${grant.action} ${grant.type}: ${reason}`);
    this.name = 'GrantError';
  }
}

export function toInfluxPermissions(grants: readonly Grant[], ctx: ScopeContext): PermissionDTO[] {
  const out: PermissionDTO[] = [];
  for (const g of normaliseGrants(grants)) {
    if (g.type === 'orgs') {
      if (g.scope.kind !== 'all') throw new GrantError(g, 'an org grant always means the token’s own org');
      out.push({ action: g.action, resource: { type: 'orgs', id: ctx.orgID } });
    } else if (g.type === 'users') {
      if (g.scope.kind === 'owner') {
        if (!ctx.ownerUserID) throw new GrantError(g, 'the owning user is not known yet');
        out.push({ action: g.action, resource: { type: 'users', id: ctx.ownerUserID } });
      } else if (g.scope.kind === 'items') {
        for (const item of g.scope.items) out.push({ action: g.action, resource: { type: 'users', id: item.id } });
      } else {
        // Type-wide users would reach every user of the instance (no org applies): not offered.
        throw new GrantError(g, 'users can be granted only for the owner or for chosen users');
      }
    } else if (g.scope.kind === 'all') {
      out.push({ action: g.action, resource: { type: g.type, orgID: ctx.orgID } });
    } else if (g.scope.kind === 'items') {
      for (const item of g.scope.items) out.push({ action: g.action, resource: { type: g.type, id: item.id, orgID: ctx.orgID } });
    } else {
      throw new GrantError(g, 'only users can be scoped to the owner');
    }
  }
  return out;
}

/**
 * InfluxDB permissions -> grants (for the inventory, clone and templates). Names InfluxDB fills in
 * for buckets are kept for display. Permissions of another org are reported, not dropped.
 */
export function fromInfluxPermissions(
  permissions: readonly PermissionDTO[],
  ctx: { orgID: string; ownerUserID?: string },
): { grants: Grant[]; foreign: PermissionDTO[] } {
  const grants: Grant[] = [];
  const foreign: PermissionDTO[] = [];
  // A grant holds one scope per (type, action): "owner" and "these users" cannot be merged, so
  // when a token reaches its owner and other users with one action, the owner becomes an item.
  const otherUsers = new Set(
    permissions.filter((p) => p.resource.type === 'users' && p.resource.id && p.resource.id !== ctx.ownerUserID).map((p) => p.action),
  );
  for (const p of permissions) {
    const { type, id, orgID, name } = p.resource;
    if (type === 'orgs') {
      if (id === ctx.orgID) grants.push({ type, action: p.action, scope: { kind: 'all' } });
      else foreign.push(p);
    } else if (type === 'users') {
      if (id && id === ctx.ownerUserID && !otherUsers.has(p.action)) grants.push({ type, action: p.action, scope: { kind: 'owner' } });
      else if (id) grants.push({ type, action: p.action, scope: { kind: 'items', items: [{ id, ...(name ? { name } : {}) }] } });
      else foreign.push(p);
    } else if (orgID !== ctx.orgID) {
      foreign.push(p);
    } else if (id) {
      grants.push({ type, action: p.action, scope: { kind: 'items', items: [{ id, ...(name ? { name } : {}) }] } });
    } else {
      grants.push({ type, action: p.action, scope: { kind: 'all' } });
    }
  }
  return { grants: normaliseGrants(grants), foreign };
}
