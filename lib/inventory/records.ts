// One authorization -> what the inventory keeps to search, filter and sort it, and what the
// browser gets. Pure. Built from the access layer's DTO, which has no token field to copy.
import type { AuthorizationSummary, PermissionDTO } from '@/lib/influx/dto';
import { sensitiveLabels, summarisePermissions } from './summary';
import type { BucketReach, InventoryRecord, InventoryRow } from './types';

export interface RecordContext {
  orgID: string;
  resourceTypes: readonly string[];
  /** INFLUX_TOKEN_ID, when configured. */
  consoleTokenID?: string;
}

/**
 * Which buckets one action reaches. A type-wide permission in this org, or one that names no org
 * at all (operator tokens: every org), reaches every bucket; an id reaches that bucket.
 */
export function bucketReach(permissions: readonly PermissionDTO[], action: 'read' | 'write', orgID: string): BucketReach {
  let all = false;
  const ids = new Set<string>();
  for (const p of permissions) {
    if (p.action !== action || p.resource.type !== 'buckets') continue;
    if (p.resource.id) ids.add(p.resource.id);
    else if (!p.resource.orgID || p.resource.orgID === orgID) all = true;
  }
  return { all, ids: [...ids].sort() };
}

const toMs = (iso: string | undefined) => {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(ms) ? ms : 0;
};

/** Flagged grants by class: the policy treats both alike, people read them apart. */
function flaggedLabels(a: AuthorizationSummary, ctx: Parameters<typeof sensitiveLabels>[1]) {
  const labels = sensitiveLabels(a.permissions, ctx);
  return {
    sensitive: labels.filter((l) => l.class === 'sensitive').map((l) => l.label),
    codeRunning: labels.filter((l) => l.class === 'code-running').map((l) => l.label),
  };
}

/** What a record derives from the token's permissions alone (shared by tokens that grant the same). */
type PermissionFacts = Pick<InventoryRecord, 'summary' | 'sensitive' | 'codeRunning' | 'types' | 'bucketRead' | 'bucketWrite'>;

function permissionFacts(a: AuthorizationSummary, ctx: RecordContext): PermissionFacts {
  const summaryCtx = { orgID: ctx.orgID, ownerUserID: a.userID, resourceTypes: ctx.resourceTypes };
  return {
    summary: summarisePermissions(a.permissions, summaryCtx),
    ...flaggedLabels(a, summaryCtx),
    types: [...new Set(a.permissions.map((p) => p.resource.type))].sort(),
    bucketRead: bucketReach(a.permissions, 'read', ctx.orgID),
    bucketWrite: bucketReach(a.permissions, 'write', ctx.orgID),
  };
}

/** One copy of a string that many records hold (owner ids and names). */
type Intern = (s: string) => string;
const asIs: Intern = (s) => s;

function recordOf(a: AuthorizationSummary, ctx: RecordContext, facts: PermissionFacts, intern: Intern = asIs): InventoryRecord {
  return {
    id: a.id,
    description: a.description,
    status: a.status,
    ...(a.userID ? { ownerID: intern(a.userID) } : {}),
    ...(a.user ? { ownerName: intern(a.user) } : {}),
    ...(a.createdAt ? { createdAt: a.createdAt } : {}),
    // A token never changed has both the same: one string.
    ...(a.updatedAt ? { updatedAt: a.updatedAt === a.createdAt ? a.createdAt : a.updatedAt } : {}),
    summary: facts.summary,
    sensitive: facts.sensitive,
    codeRunning: facts.codeRunning,
    ...(ctx.consoleTokenID && a.id === ctx.consoleTokenID ? { isConsoleCredential: true } : {}),
    search: a.description.toLowerCase(),
    ...(a.user ? { ownerSearch: intern(a.user.toLowerCase()) } : {}),
    types: facts.types,
    bucketRead: facts.bucketRead,
    bucketWrite: facts.bucketWrite,
    createdMs: toMs(a.createdAt),
    updatedMs: toMs(a.updatedAt),
  };
}

export function toInventoryRecord(a: AuthorizationSummary, ctx: RecordContext): InventoryRecord {
  return recordOf(a, ctx, permissionFacts(a, ctx));
}

/**
 * The same permission set in the same words: the owner matters only to grants on users ("its own
 * user"); everything else in a summary comes from the permissions and the context.
 */
export function permissionKey(a: AuthorizationSummary): string {
  let key = '';
  let onUsers = false;
  for (const p of a.permissions) {
    const r = p.resource;
    if (r.type === 'users') onUsers = true;
    key += `${p.action}\u0001${r.type}\u0001${r.id ?? ''}\u0001${r.orgID ?? ''}\u0001${r.name ?? ''}\u0001${r.org ?? ''}\u0002`;
  }
  return onUsers ? `${key}\u0003${a.userID ?? ''}` : key;
}

const MAX_SHARED_FACTS = 10_000;

/** The permission sets one list read summarised, for the next read of the same org. */
export interface SummaryMemo {
  context: RecordContext;
  facts: Map<string, PermissionFacts>;
}

const sameContext = (a: RecordContext, b: RecordContext) =>
  a.orgID === b.orgID &&
  a.consoleTokenID === b.consoleTokenID &&
  a.resourceTypes.length === b.resourceTypes.length &&
  a.resourceTypes.every((t, i) => t === b.resourceTypes[i]);

/** The kept record still says what InfluxDB says about the token now. */
const unchanged = (r: InventoryRecord, a: AuthorizationSummary, facts: PermissionFacts) =>
  r.summary === facts.summary &&
  r.description === a.description &&
  r.status === a.status &&
  r.ownerID === a.userID &&
  r.ownerName === a.user &&
  r.createdAt === a.createdAt &&
  r.updatedAt === a.updatedAt;

/**
 * toInventoryRecord for a whole list read: IoT fleets hold thousands of tokens with one permission
 * set (one per device), so each set is summarised once and its facts are shared by those records
 * (less work while the list streams in, and one copy in memory instead of one per token).
 *
 * `previous`: the org's kept list and the memo of the read that made it. A token InfluxDB still
 * describes the same way keeps its kept record, so a reload of 100,000 unchanged tokens makes next
 * to nothing new that lives on (each read used to leave a whole list behind for the collector,
 * and the heap grew by that much a read).
 */
export function recordBuilder(
  ctx: RecordContext,
  previous?: { memo: SummaryMemo; records: readonly InventoryRecord[] },
): {
  build: (a: AuthorizationSummary) => InventoryRecord;
  memo: SummaryMemo;
  /**
   * After the read: the records of `previous` it did not keep, and those it made anew. Undefined
   * when there was no previous list it could build on (another org, other resource types).
   */
  diff: () => { removed: ReadonlySet<InventoryRecord>; added: readonly InventoryRecord[] } | undefined;
} {
  const carried = previous && sameContext(previous.memo.context, ctx) ? previous : undefined;
  const known = carried?.memo.facts ?? new Map<string, PermissionFacts>();
  // Indexed when the first token arrives (InfluxDB sends nothing until it has the whole list),
  // not in the request that starts the read.
  let kept: Map<string, InventoryRecord> | undefined;
  const keptRecord = (id: string) => {
    if (!kept) {
      kept = new Map();
      for (const r of carried?.records ?? []) kept.set(r.id, r);
    }
    return kept.get(id);
  };
  const strings = new Map<string, string>();
  const intern: Intern = (s) => {
    const seen = strings.get(s);
    if (seen !== undefined) return seen;
    if (strings.size < MAX_SHARED_FACTS) strings.set(s, s);
    return s;
  };
  const build = (a: AuthorizationSummary) => {
    const key = permissionKey(a);
    let facts = known.get(key);
    if (!facts) {
      facts = permissionFacts(a, ctx);
      if (known.size < MAX_SHARED_FACTS) known.set(key, facts);
    }
    const before = keptRecord(a.id);
    if (before && unchanged(before, a, facts)) {
      kept!.delete(a.id);
      return before;
    }
    const made = recordOf(a, ctx, facts, intern);
    if (carried) added.push(made);
    return made;
  };
  const added: InventoryRecord[] = [];
  const diff = () => (carried ? { removed: new Set(kept?.values() ?? carried.records), added } : undefined);
  return { build, memo: { context: ctx, facts: known }, diff };
}

/** Only the fields the browser may see: an explicit copy, so server-side extras never leak. */
export function toRow(r: InventoryRecord): InventoryRow {
  return {
    id: r.id,
    description: r.description,
    status: r.status,
    ...(r.ownerID ? { ownerID: r.ownerID } : {}),
    ...(r.ownerName ? { ownerName: r.ownerName } : {}),
    ...(r.createdAt ? { createdAt: r.createdAt } : {}),
    ...(r.updatedAt ? { updatedAt: r.updatedAt } : {}),
    summary: r.summary,
    sensitive: r.sensitive,
    codeRunning: r.codeRunning,
    ...(r.isConsoleCredential ? { isConsoleCredential: true } : {}),
    ...(r.scheduledDeactivation ? { scheduledDeactivation: r.scheduledDeactivation } : {}),
  };
}

/** A status or description change patched into a kept record (after PATCH succeeded). */
export function patchRecord(
  r: InventoryRecord,
  patch: { status?: 'active' | 'inactive'; description?: string; updatedAt?: string },
): InventoryRecord {
  const description = patch.description ?? r.description;
  return {
    ...r,
    ...(patch.status ? { status: patch.status } : {}),
    description,
    ...(patch.updatedAt ? { updatedAt: patch.updatedAt, updatedMs: toMs(patch.updatedAt) } : {}),
    search: description.toLowerCase(),
  };
}
