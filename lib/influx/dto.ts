// Small values the rest of the console sees. Raw upstream objects stop in the access layer:
// in particular a token value that OSS 2.7/2.8 (or 2.9 without hashing) still returns in lists
// is dropped here, so it cannot reach a page, an action result or a log.
import type { Authorization, Bucket, Organization, User } from '@influxdata/influxdb-client-apis';

export type InfluxAction = 'read' | 'write';

export interface PermissionDTO {
  action: InfluxAction;
  resource: { type: string; id?: string; orgID?: string; name?: string; org?: string };
}

export interface AuthorizationSummary {
  id: string;
  description: string;
  status: 'active' | 'inactive';
  orgID: string;
  org?: string;
  userID?: string;
  user?: string;
  createdAt?: string;
  updatedAt?: string;
  permissions: PermissionDTO[];
}

export interface BucketDTO {
  id: string;
  name: string;
  orgID?: string;
  type: 'user' | 'system';
}
export interface OrgDTO {
  id: string;
  name: string;
}
export interface UserDTO {
  id: string;
  name: string;
  status?: 'active' | 'inactive';
}
export interface PingInfo {
  version: string;
  flavour: 'OSS' | 'Cloud' | 'unknown';
}

export function toPermission(p: { action: string; resource: PermissionDTO['resource'] }): PermissionDTO {
  const r = p.resource;
  return {
    action: p.action === 'write' ? 'write' : 'read',
    resource: {
      type: r.type,
      ...(r.id ? { id: r.id } : {}),
      ...(r.orgID ? { orgID: r.orgID } : {}),
      ...(r.name ? { name: r.name } : {}),
      ...(r.org ? { org: r.org } : {}),
    },
  };
}

/** Copies only known, non-secret fields: `token` is never read. */
export function toAuthorizationSummary(a: Authorization): AuthorizationSummary {
  return {
    id: a.id ?? '',
    description: a.description ?? '',
    status: a.status === 'inactive' ? 'inactive' : 'active',
    orgID: a.orgID ?? '',
    ...(a.org ? { org: a.org } : {}),
    ...(a.userID ? { userID: a.userID } : {}),
    ...(a.user ? { user: a.user } : {}),
    ...(a.createdAt ? { createdAt: a.createdAt } : {}),
    ...(a.updatedAt ? { updatedAt: a.updatedAt } : {}),
    permissions: (a.permissions ?? []).map((p) => toPermission(p as PermissionDTO)),
  };
}

export const toBucket = (b: Bucket): BucketDTO => ({
  id: b.id ?? '',
  name: b.name,
  ...(b.orgID ? { orgID: b.orgID } : {}),
  type: b.type === 'system' ? 'system' : 'user',
});
export const toOrg = (o: Organization): OrgDTO => ({ id: o.id ?? '', name: o.name });
export const toUser = (u: User): UserDTO => ({
  id: u.id ?? '',
  name: u.name,
  ...(u.status ? { status: u.status } : {}),
});
