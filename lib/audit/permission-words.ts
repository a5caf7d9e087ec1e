// Permissions stored in audit rows, in the review step's plain words (describeGrant). Rows hold
// them in two shapes: strings "write buckets <id> org <orgID>" / "write users (every org)" (the
// inventory's changes) and objects {action, type, id?, orgID?} (token creation). Names are not
// stored, so items and orgs are shown by id; anything else is shown as stored.
import { describeGrant } from '@/lib/permissions/describe';
import type { Grant } from '@/lib/permissions/model';
import { influxIdSchema, resourceTypeSchema } from '@/lib/permissions/model-schema';

export interface PermissionWords {
  words?: string;
  raw: string;
}

interface Parsed {
  action: string;
  type: string;
  id?: string;
  orgID?: string;
}

const STRING_FORM = /^(read|write) ([A-Za-z]+)(?: ([0-9a-f]{16}))?(?: org ([0-9a-f]{16})| \(every org\))?$/;

function parse(p: unknown): Parsed | undefined {
  if (typeof p === 'string') {
    const m = STRING_FORM.exec(p);
    return m ? { action: m[1]!, type: m[2]!, ...(m[3] ? { id: m[3] } : {}), ...(m[4] ? { orgID: m[4] } : {}) } : undefined;
  }
  if (p && typeof p === 'object') {
    const o = p as Record<string, unknown>;
    if (typeof o.action !== 'string' || typeof o.type !== 'string') return undefined;
    if (o.id !== undefined && typeof o.id !== 'string') return undefined;
    if (o.orgID !== undefined && typeof o.orgID !== 'string') return undefined;
    return { action: o.action, type: o.type, ...(o.id ? { id: o.id } : {}), ...(o.orgID ? { orgID: o.orgID } : {}) };
  }
  return undefined;
}

export function permissionWords(p: unknown): PermissionWords {
  const raw = typeof p === 'string' ? p : JSON.stringify(p);
  const x = parse(p);
  if (!x || (x.action !== 'read' && x.action !== 'write') || !resourceTypeSchema.safeParse(x.type).success) return { raw };
  if (x.id && !influxIdSchema.safeParse(x.id).success) return { raw };
  const orgName = x.type === 'orgs' && x.id ? x.id : (x.orgID ?? 'any');
  const grant: Grant = {
    type: x.type,
    action: x.action,
    scope: x.id && x.type !== 'orgs' ? { kind: 'items', items: [{ id: x.id }] } : { kind: 'all' },
  };
  const words = describeGrant(grant, { orgName });
  // Without an org, "every … in org any" would mislead: say what InfluxDB means by it.
  return { words: !x.orgID && !x.id && x.type !== 'orgs' ? words.replace(' in org any', ' in every org') : words, raw };
}

/** The permissions of a row's detail in words, or undefined when the row has none. */
export function rowPermissionWords(detail: Record<string, unknown>): PermissionWords[] | undefined {
  const perms = detail.permissions;
  return Array.isArray(perms) ? perms.map(permissionWords) : undefined;
}
