// A token's permissions in a few short phrases for the list ("read/write bucket telemetry",
// "read all dashboards", "all access"), and the short labels of its sensitive grants. Pure.
import type { PermissionDTO } from '@/lib/influx/dto';
import { typeLabel } from '@/lib/permissions/describe';
import type { Grant, Scope } from '@/lib/permissions/model';
import { isAllAccess } from '@/lib/permissions/presets';
import { sensitiveFlags, type FlagClass } from '@/lib/permissions/sensitivity';
import { fromInfluxPermissions } from '@/lib/permissions/to-influx-permissions';
import type { PermissionSummary } from './types';

export const MAX_CHIPS = 3;

export interface SummaryContext {
  orgID: string;
  ownerUserID?: string;
  /** GET /resources of the server (without `instance`); empty means "unknown". */
  resourceTypes: readonly string[];
}

const shortId = (id: string) => `${id.slice(0, 8)}…`;

function scopeWords(type: string, scope: Scope): string {
  if (type === 'orgs') return 'the org';
  if (scope.kind === 'owner') return 'its own user';
  if (scope.kind === 'all') return `all ${typeLabel(type, true)}`;
  if (scope.items.length === 1) {
    const item = scope.items[0]!;
    return `${typeLabel(type)} ${item.name ?? shortId(item.id)}`;
  }
  return `${scope.items.length} ${typeLabel(type, true)}`;
}

/** Buckets and Telegraf first (what people look for), then alphabetical, orgs and users last. */
export function typeRank(type: string): string {
  if (type === 'buckets') return '0';
  if (type === 'telegrafs') return '1';
  if (type === 'orgs' || type === 'users') return `3${type}`;
  return `2${type}`;
}

/** Permissions that name no org and no id reach every org of the instance (operator tokens). */
export function isInstanceWide(p: PermissionDTO): boolean {
  return !p.resource.orgID && !p.resource.id;
}

export function summarisePermissions(permissions: readonly PermissionDTO[], ctx: SummaryContext): PermissionSummary {
  const { grants, foreign } = fromInfluxPermissions(permissions, { orgID: ctx.orgID, ownerUserID: ctx.ownerUserID });
  const phrases: string[] = [];
  const allAccess = ctx.resourceTypes.length > 0 && isAllAccess(grants, ctx.resourceTypes);

  if (allAccess) {
    phrases.push('all access');
  } else {
    const byType = new Map<string, { read?: Scope; write?: Scope }>();
    for (const g of grants) {
      const entry = byType.get(g.type) ?? {};
      entry[g.action] = g.scope;
      byType.set(g.type, entry);
    }
    const types = [...byType.keys()].sort((a, b) => typeRank(a).localeCompare(typeRank(b)));
    for (const type of types) {
      const { read, write } = byType.get(type)!;
      const r = read && scopeWords(type, read);
      const w = write && scopeWords(type, write);
      if (r && w && r === w) phrases.push(`read/write ${r}`);
      else {
        if (r) phrases.push(`read ${r}`);
        if (w) phrases.push(`write ${w}`);
      }
    }
  }

  const instanceWide = foreign.filter(isInstanceWide);
  if (instanceWide.length > 0) {
    const types = new Set(instanceWide.map((p) => p.resource.type));
    const actions = new Set(instanceWide.map((p) => p.action));
    const verbs = actions.size === 2 ? 'read/write' : [...actions][0];
    const what =
      types.size <= 2
        ? [...types]
            .sort()
            .map((t) => typeLabel(t, true))
            .join(' and ')
        : `${types.size} types`;
    phrases.unshift(`every org: ${verbs} ${what}`);
  }
  const otherOrgs = foreign.length - instanceWide.length;
  if (otherOrgs > 0) phrases.push(`${otherOrgs} in other orgs`);

  return { allAccess, chips: phrases.slice(0, MAX_CHIPS), more: Math.max(0, phrases.length - MAX_CHIPS) };
}

/**
 * Grants used to judge sensitivity: the in-org grants, plus every permission of another scope
 * taken at face value (an instance-wide write on authorizations is at least as sensitive as an
 * in-org one).
 */
function grantsForSensitivity(permissions: readonly PermissionDTO[], ctx: SummaryContext): Grant[] {
  const { grants, foreign } = fromInfluxPermissions(permissions, { orgID: ctx.orgID, ownerUserID: ctx.ownerUserID });
  const extra: Grant[] = foreign.map((p) => ({
    type: p.resource.type,
    action: p.action,
    scope: p.resource.id ? { kind: 'items', items: [{ id: p.resource.id }] } : { kind: 'all' },
  }));
  return [...grants, ...extra];
}

export interface SensitiveLabel {
  label: string;
  reason: string;
  class: FlagClass;
}

export function sensitiveLabels(permissions: readonly PermissionDTO[], ctx: SummaryContext): SensitiveLabel[] {
  const out = new Map<string, SensitiveLabel>();
  if (permissions.some(isInstanceWide)) {
    out.set('every org', {
      label: 'every org',
      reason: 'reaches every organisation of the InfluxDB instance (operator-level)',
      class: 'sensitive',
    });
  }
  for (const f of sensitiveFlags(grantsForSensitivity(permissions, ctx), ctx.resourceTypes)) {
    const label = f.action === 'all' ? 'all access' : `${f.action} ${typeLabel(f.type, true)}`;
    if (!out.has(label)) out.set(label, { label, reason: f.reason, class: f.class });
  }
  return [...out.values()];
}
