// InfluxDB's own notation for a permission, as its error messages and the CLI print it:
// "write:orgs/<orgID>/buckets/<id>", "read:orgs/<orgID>/dashboards", "read:orgs/<id>", "write:users".
import type { PermissionDTO } from './dto';

export function permissionString(p: PermissionDTO): string {
  const { type, id, orgID } = p.resource;
  let path: string;
  if (orgID) path = `orgs/${orgID}/${type}${id ? `/${id}` : ''}`;
  else path = `${type}${id ? `/${id}` : ''}`;
  return `${p.action}:${path}`;
}
