import 'server-only';
// A token's story from the audit trail: who minted it here (the token.create success row: a
// mint, a clone or a replacement), and every row about it, newest first. A token minted with
// the influx CLI or another tool has no such row: it was minted "outside the console".
import { toAuditRow, type AuditRow } from '@/lib/storage/audit';
import { listAuditPage } from '@/lib/storage/audit-query';
import { storage } from '@/lib/storage/db';
import type { Sql } from '@/lib/storage/sql';

export const TOKEN_HISTORY_LIMIT = 50;

export interface MintedBy {
  actorId: string;
  actorName: string;
  at: string;
  /** The token it was cloned from, when it was a clone. */
  cloneOf?: string;
}

export interface TokenHistory {
  /** Undefined: minted outside the console (or before its trail was kept). */
  mintedBy?: MintedBy;
  rows: AuditRow[];
  /** More rows than shown: the Audit page has them all. */
  more: boolean;
}

export async function tokenHistory(authorizationID: string, sql: Sql = storage()): Promise<TokenHistory> {
  const created = await sql.get<Record<string, unknown>>(
    "SELECT * FROM audit_events WHERE authorization_id = ? AND action = 'token.create' AND outcome = 'success' ORDER BY id LIMIT 1",
    [authorizationID],
  );
  const page = await listAuditPage({ authorizationID, limit: TOKEN_HISTORY_LIMIT }, sql);
  let mintedBy: MintedBy | undefined;
  if (created) {
    const row = toAuditRow(created);
    const cloneOf = typeof row.detail.cloneOf === 'string' ? row.detail.cloneOf : undefined;
    mintedBy = { actorId: row.actorId, actorName: row.actorName ?? row.actorId, at: row.at, ...(cloneOf ? { cloneOf } : {}) };
  }
  return { ...(mintedBy ? { mintedBy } : {}), rows: page.rows, more: Boolean(page.nextBefore) };
}
