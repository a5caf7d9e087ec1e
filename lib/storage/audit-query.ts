import 'server-only';
// Reading the audit trail page by page (newest first), filtered as lib/audit/filters.ts parses the
// URL. Rows are returned as stored: they never held a token value (see audit.ts).
import type Database from 'better-sqlite3';
import { filterWhere } from '@/lib/audit/filter-sql';
import type { AuditFilter } from '@/lib/audit/filters';
import { toAuditRow, type AuditRow } from './audit';
import { database } from './db';

export interface AuditPage {
  rows: AuditRow[];
  /** Pass as `before` to get the next (older) page; undefined on the last page. */
  nextBefore?: number;
}

export function listAuditPage(
  opts: { before?: number; limit?: number; authorizationID?: string; filter?: AuditFilter } = {},
  db: Database.Database = database(),
): AuditPage {
  const limit = Math.min(200, Math.max(1, opts.limit ?? 50));
  const filter: AuditFilter = { ...opts.filter, ...(opts.authorizationID ? { token: opts.authorizationID } : {}) };
  const { where, args } = filterWhere(filter, opts.before ? { beforeId: opts.before } : {});
  const raw = db.prepare(`SELECT * FROM audit_events ${where} ORDER BY id DESC LIMIT ?`).all(...args, limit + 1) as Record<
    string,
    unknown
  >[];
  const rows = raw.slice(0, limit).map(toAuditRow);
  return { rows, ...(raw.length > limit ? { nextBefore: rows[rows.length - 1]!.id } : {}) };
}

/** Every action name the trail holds, for the filter's list (an index scan, not a table scan). */
/** The organisations the trail has rows about, for the org filter's choices. */
export function orgsInTrail(db: Database.Database = database()): string[] {
  return (
    db.prepare('SELECT DISTINCT org_id FROM audit_events WHERE org_id IS NOT NULL ORDER BY org_id').all() as { org_id: string }[]
  ).map((r) => r.org_id);
}

export function actionsInTrail(db: Database.Database = database()): string[] {
  return (db.prepare('SELECT DISTINCT action FROM audit_events ORDER BY action').all() as { action: string }[]).map((r) => r.action);
}
