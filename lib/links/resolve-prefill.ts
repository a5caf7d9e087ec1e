import 'server-only';
// A prefill (from a link or a template) meets this InfluxDB and this person: names become ids in
// the org, and everything that cannot be used is listed with a reason instead of being dropped:
// an unknown bucket or Telegraf configuration, a type this server does not have (a Cloud-only type
// on OSS), a grant beyond the person's role, a malformed part. Only reads InfluxDB.
import type { Role } from '@/lib/auth/roles';
import type { Gateway } from '@/lib/influx/gateway';
import { normaliseGrants, type Grant, type ItemRef } from '@/lib/permissions/model';
import { sensitiveFlags, type SensitiveFlag } from '@/lib/permissions/sensitivity';
import { prefillGrantSchema, showPart, type NotApplied, type Prefill, type PrefillGrant, type TokenStatus } from './prefill';
import type { GrantPolicy } from '@/lib/policy/grant-policy';
import { mayGrant } from './role-check';
import { permissionParts } from './share-link';

export type ResolveGateway = Pick<
  Gateway,
  'resourceTypes' | 'findOrg' | 'findBucketByName' | 'allBuckets' | 'listTelegrafs' | 'findUserByName'
>;

export interface ResolveContext {
  gateway: ResolveGateway;
  /** The signed-in person's console role: decides which grants may be applied. */
  role: Role;
  /** The console's grant policy (lib/policy); the default when absent. */
  policy?: GrantPolicy;
  /** The console's default org (INFLUX_ORG), used when the prefill names none or an unknown one. */
  defaultOrg: { id: string; name: string };
}

export interface ResolvedPrefill {
  org: { id: string; name: string };
  description?: string;
  status?: TokenStatus;
  owner?: { id: string; name: string };
  /** Issue 13: the link's lifetime (format 3), for the builder's Expires field. */
  lifetime?: string;
  /** Ready for the builder's form: ids for InfluxDB, names for people. */
  grants: Grant[];
  notApplied: NotApplied[];
  /** What this server offers (GET /api/v2/resources minus instance), for the builder's matrix. */
  resourceTypes: string[];
  /** Sensitive grants among the applied ones, flagged exactly as in the review step. */
  sensitive: SensitiveFlag[];
}

const CLOUD_ONLY = new Set(['flows', 'functions', 'subscriptions']);
const OSS_ONLY = new Set(['sources', 'scrapers', 'notebooks', 'remotes', 'replications']);

function missingTypeReason(type: string): string {
  const where = CLOUD_ONLY.has(type)
    ? ' (it exists only on InfluxDB Cloud)'
    : OSS_ONLY.has(type)
      ? ' (it exists only on InfluxDB OSS)'
      : '';
  return `this InfluxDB server has no resource type “${type}”${where}`;
}

const partsOf = (g: PrefillGrant) => permissionParts(g).map((p) => showPart('p', p));

/** Resolves a prefill for one person. Throws InfluxError when InfluxDB cannot be read. */
export async function resolvePrefill(prefill: Prefill, ctx: ResolveContext, earlier: readonly NotApplied[] = []): Promise<ResolvedPrefill> {
  const notApplied: NotApplied[] = [...earlier];
  const gw = ctx.gateway;
  const resourceTypes = await gw.resourceTypes();

  let org = ctx.defaultOrg;
  if (prefill.org && prefill.org !== ctx.defaultOrg.name) {
    const found = await gw.findOrg(prefill.org);
    // findOrg also takes ids; a link names orgs, so only a name match counts.
    if (found && found.name === prefill.org) org = found;
    else
      notApplied.push({
        part: showPart('org', prefill.org),
        reason: `no organisation named “${prefill.org}” that the console can use; the form uses ${org.name}`,
      });
  }

  let owner: ResolvedPrefill['owner'];
  if (prefill.owner) {
    const user = await gw.findUserByName(prefill.owner);
    if (user) owner = { id: user.id, name: user.name };
    else notApplied.push({ part: showPart('owner', prefill.owner), reason: `no InfluxDB user named “${prefill.owner}”` });
  }

  // Grammar, then the server's types, then the person's role; names are looked up only for what
  // survives, so a refused grant costs no InfluxDB call.
  const allowed: PrefillGrant[] = [];
  for (const raw of prefill.grants) {
    const parsed = prefillGrantSchema.safeParse(raw);
    if (!parsed.success) {
      notApplied.push({
        part: showPart('p', `${String(raw?.action)}:${String(raw?.type)}`),
        reason: parsed.error.issues[0]?.message ?? 'not a valid permission',
      });
      continue;
    }
    const g = parsed.data;
    if (!resourceTypes.includes(g.type)) {
      for (const part of partsOf(g)) notApplied.push({ part, reason: missingTypeReason(g.type) });
      continue;
    }
    const check = mayGrant(ctx.role, g, resourceTypes, ctx.policy);
    if (!check.ok) {
      for (const part of partsOf(g)) notApplied.push({ part, reason: check.reason });
      continue;
    }
    allowed.push(g);
  }

  const grants: Grant[] = [];
  const lookup = await nameLookup(gw, org, allowed);
  for (const g of allowed) {
    if (g.scope.kind !== 'items') {
      grants.push({ type: g.type, action: g.action, scope: g.scope.kind === 'owner' ? { kind: 'owner' } : { kind: 'all' } });
      continue;
    }
    const items: ItemRef[] = [];
    for (const name of g.scope.names) {
      const found = lookup(g.type, name);
      const part = showPart('p', `${g.action}:${g.type}/${name}`);
      if (found.kind === 'one') items.push({ id: found.id, name });
      else notApplied.push({ part, reason: found.reason });
    }
    if (items.length > 0) grants.push({ type: g.type, action: g.action, scope: { kind: 'items', items } });
  }

  const normalised = normaliseGrants(grants);
  return {
    org,
    ...(prefill.description ? { description: prefill.description } : {}),
    ...(prefill.status ? { status: prefill.status } : {}),
    ...(owner ? { owner } : {}),
    ...(prefill.lifetime ? { lifetime: prefill.lifetime } : {}),
    grants: normalised,
    notApplied,
    resourceTypes,
    sensitive: sensitiveFlags(normalised, resourceTypes),
  };
}

type Found = { kind: 'one'; id: string } | { kind: 'none'; reason: string };

/** Looks up every named bucket and Telegraf configuration at once; returns a sync finder. */
async function nameLookup(gw: ResolveGateway, org: { id: string; name: string }, grants: readonly PrefillGrant[]) {
  const wanted = (type: string) => [...new Set(grants.flatMap((g) => (g.type === type && g.scope.kind === 'items' ? g.scope.names : [])))];
  const bucketNames = wanted('buckets');
  const telegrafNames = wanted('telegrafs');

  const buckets = new Map<string, string>();
  if (bucketNames.length > 20) {
    // Many names: one paged listing is cheaper than one request each.
    for (const b of await gw.allBuckets(org.id)) buckets.set(b.name, b.id);
  } else {
    const found = await Promise.all(bucketNames.map((n) => gw.findBucketByName(org.id, n)));
    for (const b of found) if (b) buckets.set(b.name, b.id);
  }

  // Telegraf names are not unique in InfluxDB: a name matching several configurations is ambiguous.
  const telegrafs = new Map<string, string[]>();
  if (telegrafNames.length > 0) {
    for (const t of await gw.listTelegrafs(org.id)) telegrafs.set(t.name, [...(telegrafs.get(t.name) ?? []), t.id]);
  }

  return (type: string, name: string): Found => {
    if (type === 'buckets') {
      const id = buckets.get(name);
      return id ? { kind: 'one', id } : { kind: 'none', reason: `no bucket named “${name}” in org ${org.name}` };
    }
    const ids = telegrafs.get(name) ?? [];
    if (ids.length === 1) return { kind: 'one', id: ids[0]! };
    return ids.length === 0
      ? { kind: 'none', reason: `no Telegraf configuration named “${name}” in org ${org.name}` }
      : { kind: 'none', reason: `${ids.length} Telegraf configurations are named “${name}” in org ${org.name}; choose one in the form` };
  };
}
