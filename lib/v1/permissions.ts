// A v1 credential's permissions: read and/or write on buckets of its org, picked by id. That is
// all /query and /write look at (read for /query, write for /write), and all `influx v1 auth
// create` ever sends. Other permissions that a credential made elsewhere may hold are shown as
// they are, marked as having no effect there. Pure: shared by the form and the server.
import type { PermissionDTO } from '@/lib/influx/dto';

export interface BucketAccess {
  read: string[];
  write: string[];
}

/** The request body's permissions, read before write, each bucket once, in the order given. */
export function toV1Permissions(access: BucketAccess, orgID: string): PermissionDTO[] {
  const once = (ids: string[]) => [...new Set(ids)];
  return [
    ...once(access.read).map((id): PermissionDTO => ({ action: 'read', resource: { type: 'buckets', id, orgID } })),
    ...once(access.write).map((id): PermissionDTO => ({ action: 'write', resource: { type: 'buckets', id, orgID } })),
  ];
}

/** Back from InfluxDB's answer: bucket ids per action (other permissions are not bucket access). */
export function bucketAccessOf(permissions: readonly PermissionDTO[]): BucketAccess {
  const ids = (action: 'read' | 'write') => [
    ...new Set(permissions.filter((p) => p.action === action && p.resource.type === 'buckets' && p.resource.id).map((p) => p.resource.id!)),
  ];
  return { read: ids('read'), write: ids('write') };
}

export interface PermissionLine {
  text: string;
  /** No effect on /query or /write (not a single bucket), though InfluxDB stores it. */
  noEffect?: boolean;
}

/**
 * In words, one line per bucket: "Read and write bucket telemetry". A bucket InfluxDB no longer
 * names (deleted since) is named by id.
 */
export function describeV1Permissions(permissions: readonly PermissionDTO[]): PermissionLine[] {
  const buckets = new Map<string, { name?: string; read: boolean; write: boolean }>();
  const other: PermissionLine[] = [];
  for (const p of permissions) {
    if (p.resource.type === 'buckets' && p.resource.id) {
      const b = buckets.get(p.resource.id) ?? { read: false, write: false };
      b[p.action] = true;
      if (p.resource.name) b.name = p.resource.name;
      buckets.set(p.resource.id, b);
    } else {
      const what =
        p.resource.type === 'buckets' ? 'every bucket of the org' : `${p.resource.type}${p.resource.id ? ` ${p.resource.id}` : ''}`;
      other.push({ text: `${p.action === 'read' ? 'Read' : 'Write'} ${what} (no effect on /query or /write)`, noEffect: true });
    }
  }
  const lines = [...buckets].map(([id, b]) => {
    const verb = b.read && b.write ? 'Read and write' : b.read ? 'Read' : 'Write';
    return { text: `${verb} bucket ${b.name ?? `${id} (deleted)`}` };
  });
  return [...lines, ...other];
}
