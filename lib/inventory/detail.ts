import 'server-only';
// One token in full for the detail page: its permissions in the same plain words as the review
// step (lib/permissions/describe.ts), with ids resolved to names. An id that no longer resolves
// (a deleted bucket, Telegraf configuration or user) is shown as deleted, never as an error.
import type { AuthorizationSummary, PermissionDTO } from '@/lib/influx/dto';
import type { Gateway } from '@/lib/influx/gateway';
import { permissionString } from '@/lib/influx/permission-string';
import { describeGrant, typeLabel } from '@/lib/permissions/describe';
import type { Grant } from '@/lib/permissions/model';
import { flagReason, sensitiveFlags } from '@/lib/permissions/sensitivity';
import { fromInfluxPermissions } from '@/lib/permissions/to-influx-permissions';
import { isInstanceWide, sensitiveLabels, summarisePermissions, typeRank, type SensitiveLabel } from './summary';
import type { PermissionSummary } from './types';

export interface GrantLine {
  text: string;
  /** Why this grant deserves care, when it does. */
  sensitive?: string;
  /** Some of the items it names no longer exist. */
  mentionsDeleted?: boolean;
}

export interface TokenDetail {
  id: string;
  description: string;
  status: 'active' | 'inactive';
  orgID: string;
  orgName: string;
  ownerID?: string;
  ownerName?: string;
  /** The owning user is gone: InfluxDB no longer accepts the token. */
  ownerMissing: boolean;
  createdAt?: string;
  updatedAt?: string;
  lines: GrantLine[];
  /** Permissions outside this org (operator-wide or another org), in words. */
  otherScopes: string[];
  /** The same permissions in InfluxDB's notation, e.g. "write:orgs/<id>/buckets/<id>". */
  permissionStrings: string[];
  summary: PermissionSummary;
  sensitive: SensitiveLabel[];
  isConsoleCredential: boolean;
}

const verbFor = (action: 'read' | 'write') => (action === 'read' ? 'Read' : 'Write to');

function describeOtherScope(p: PermissionDTO): string {
  const { type, id, orgID } = p.resource;
  if (isInstanceWide(p)) {
    if (type === 'orgs') return `${p.action === 'read' ? 'Read' : 'Change'} every organisation of the instance`;
    if (type === 'users') return `${p.action === 'read' ? 'Read' : 'Change'} every user of the instance`;
    return `${verbFor(p.action)} every ${typeLabel(type)} in every org (operator-level)`;
  }
  if (type === 'orgs') return `${p.action === 'read' ? 'Read' : 'Change'} another organisation (${id})`;
  if (id) return `${verbFor(p.action)} ${typeLabel(type)} ${p.resource.name ?? id} in another org (${orgID ?? 'none'})`;
  return `${verbFor(p.action)} every ${typeLabel(type)} in another org (${orgID})`;
}

/** Looks up the names of the items grants point at; ids that do not resolve are deleted. */
async function resolveItems(gw: Gateway, orgID: string, grants: readonly Grant[]) {
  const names = new Map<string, string>();
  const deleted = new Set<string>();
  const idsOf = (type: string) =>
    grants
      .filter((g) => g.type === type && g.scope.kind === 'items')
      .flatMap((g) => (g.scope.kind === 'items' ? g.scope.items.map((i) => i.id) : []));
  const bucketIds = idsOf('buckets');
  const telegrafIds = idsOf('telegrafs');
  const userIds = [...new Set(idsOf('users'))];
  await Promise.all([
    bucketIds.length
      ? gw.allBuckets(orgID).then((all) => {
          const byId = new Map(all.map((b) => [b.id, b.name]));
          for (const id of bucketIds) {
            if (byId.has(id)) names.set(id, byId.get(id)!);
            else deleted.add(id);
          }
        })
      : undefined,
    telegrafIds.length
      ? gw.listTelegrafs(orgID).then((all) => {
          const byId = new Map(all.map((t) => [t.id, t.name]));
          for (const id of telegrafIds) {
            if (byId.has(id)) names.set(id, byId.get(id)!);
            else deleted.add(id);
          }
        })
      : undefined,
    ...userIds.slice(0, 50).map((id) => gw.getUser(id).then((u) => (u ? names.set(id, u.name) : deleted.add(id)))),
  ]);
  return { names, deleted };
}

export async function loadTokenDetail(
  gw: Gateway,
  a: AuthorizationSummary,
  ctx: { orgName: string; resourceTypes: readonly string[]; consoleTokenID?: string },
): Promise<TokenDetail> {
  const { grants, foreign } = fromInfluxPermissions(a.permissions, { orgID: a.orgID, ownerUserID: a.userID });
  const [{ names, deleted }, owner] = await Promise.all([
    resolveItems(gw, a.orgID, grants),
    a.userID && !a.user ? gw.getUser(a.userID) : Promise.resolve(undefined),
  ]);
  // Grouped as people look for them: buckets first, then by type; read before write.
  const ordered = [...grants].sort((x, y) => typeRank(x.type).localeCompare(typeRank(y.type)) || x.action.localeCompare(y.action));
  const named = ordered.map((g) =>
    g.scope.kind === 'items'
      ? {
          ...g,
          scope: { kind: 'items' as const, items: g.scope.items.map((i) => (names.has(i.id) ? { ...i, name: names.get(i.id)! } : i)) },
        }
      : g,
  );
  const ownerName = a.user ?? owner?.name;
  const lines = named.map((g) => {
    const flag = sensitiveFlags([g]).find((f) => f.type === g.type && f.action === g.action);
    const mentionsDeleted = g.scope.kind === 'items' && g.scope.items.some((i) => deleted.has(i.id));
    return {
      text: describeGrant(g, { orgName: ctx.orgName, ...(ownerName ? { ownerName } : {}), deletedIds: deleted }),
      ...(flag ? { sensitive: flagReason(flag, ownerName) } : {}),
      ...(mentionsDeleted ? { mentionsDeleted } : {}),
    };
  });
  const summaryCtx = { orgID: a.orgID, ownerUserID: a.userID, resourceTypes: ctx.resourceTypes };
  return {
    id: a.id,
    description: a.description,
    status: a.status,
    orgID: a.orgID,
    orgName: a.org ?? ctx.orgName,
    ...(a.userID ? { ownerID: a.userID } : {}),
    ...(ownerName ? { ownerName } : {}),
    ownerMissing: Boolean(a.userID && !a.user && !owner),
    ...(a.createdAt ? { createdAt: a.createdAt } : {}),
    ...(a.updatedAt ? { updatedAt: a.updatedAt } : {}),
    lines,
    otherScopes: foreign.map(describeOtherScope),
    permissionStrings: a.permissions.map(permissionString),
    summary: summarisePermissions(a.permissions, summaryCtx),
    sensitive: sensitiveLabels(a.permissions, summaryCtx),
    isConsoleCredential: Boolean(ctx.consoleTokenID && ctx.consoleTokenID === a.id),
  };
}
