import 'server-only';
// Reading the audit trail page by page (newest first), filtered as lib/audit/filters.ts parses the
// URL. Rows are returned as stored: they never held a token value (see audit.ts).
import { filterWhere } from '@/lib/audit/filter-sql';
import type { AuditFilter } from '@/lib/audit/filters';
import { toAuditRow, type AuditRow } from './audit';
import { storage } from './db';
import type { Sql } from './sql';

export interface AuditPage {
  rows: AuditRow[];
  /** Pass as `before` to get the next (older) page; undefined on the last page. */
  nextBefore?: number;
}

export async function listAuditPage(
  opts: { before?: number; limit?: number; authorizationID?: string; filter?: AuditFilter } = {},
  sql: Sql = storage(),
): Promise<AuditPage> {
  const limit = Math.min(200, Math.max(1, opts.limit ?? 50));
  const filter: AuditFilter = { ...opts.filter, ...(opts.authorizationID ? { token: opts.authorizationID } : {}) };
  const { where, args } = filterWhere(filter, opts.before ? { beforeId: opts.before } : {}, sql.dialect);
  const raw = await sql.all<Record<string, unknown>>(`SELECT * FROM audit_events ${where} ORDER BY id DESC LIMIT ?`, [...args, limit + 1]);
  const rows = raw.slice(0, limit).map(toAuditRow);
  return { rows, ...(raw.length > limit ? { nextBefore: rows[rows.length - 1]!.id } : {}) };
}

/** The organisations the trail has rows about, for the org filter's choices. */
export async function orgsInTrail(sql: Sql = storage()): Promise<string[]> {
  const rows = await sql.all<{ org_id: string }>('SELECT DISTINCT org_id FROM audit_events WHERE org_id IS NOT NULL ORDER BY org_id');
  return rows.map((r) => r.org_id);
}

/** Every action name the trail holds, for the filter's list (an index scan, not a table scan). */
export async function actionsInTrail(sql: Sql = storage()): Promise<string[]> {
  return (await sql.all<{ action: string }>('SELECT DISTINCT action FROM audit_events ORDER BY action')).map((r) => r.action);
}
