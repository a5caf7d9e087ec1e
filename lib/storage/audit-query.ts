import 'server-only';
// Reading the audit trail page by page (newest first), optionally for one token. Rows are
// returned as stored: they never held a token value (see audit.ts).
import type Database from 'better-sqlite3';
import { toAuditRow, type AuditRow } from './audit';
import { database } from './db';

export interface AuditPage {
  rows: AuditRow[];
  /** Pass as `before` to get the next (older) page; undefined on the last page. */
  nextBefore?: number;
}

export function listAuditPage(
  opts: { before?: number; limit?: number; authorizationID?: string } = {},
  db: Database.Database = database(),
): AuditPage {
  const limit = Math.min(200, Math.max(1, opts.limit ?? 50));
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (opts.before) {
    where.push('id < ?');
    args.push(opts.before);
  }
  if (opts.authorizationID) {
    where.push('authorization_id = ?');
    args.push(opts.authorizationID);
  }
  const sql = `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
  const raw = db.prepare(sql).all(...args, limit + 1) as Record<string, unknown>[];
  const rows = raw.slice(0, limit).map(toAuditRow);
  return { rows, ...(raw.length > limit ? { nextBefore: rows[rows.length - 1]!.id } : {}) };
}
