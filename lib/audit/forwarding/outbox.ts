// The forwarding queue (issue 14): audit_outbox holds a copy of every audit row, written in the
// transaction that writes the row; each sink has a cursor in audit_forward_sinks (the last outbox
// id it delivered). At least once: the cursor moves only after a sink accepted the entries, so a
// crash in between sends them again. No `server-only`: the worker runs in vitest against real
// sockets.
import type { AuditRow } from '@/lib/storage/audit';
import type { Sql } from '@/lib/storage/sql';

export interface OutboxEntry {
  id: number;
  row: AuditRow;
}

export async function enqueueForwarding(sql: Sql, row: AuditRow): Promise<void> {
  await sql.run('INSERT INTO audit_outbox (audit_id, at, payload) VALUES (?, ?, ?)', [row.id, row.at, JSON.stringify(row)]);
}

/** Registers a sink on first use; it starts with what the outbox still holds. */
export async function ensureSink(sql: Sql, sink: string, target: string): Promise<void> {
  await sql.run(
    `INSERT INTO audit_forward_sinks (sink, target, last_sent_id) VALUES (?, ?, 0)
     ON CONFLICT(sink) DO UPDATE SET target = excluded.target`,
    [sink, target],
  );
}

export async function pendingEntries(sql: Sql, sink: string, limit: number): Promise<OutboxEntry[]> {
  const rows = await sql.all<{ id: number | string; payload: string }>(
    `SELECT o.id, o.payload FROM audit_outbox o
     WHERE o.id > (SELECT last_sent_id FROM audit_forward_sinks WHERE sink = ?)
     ORDER BY o.id LIMIT ?`,
    [sink, limit],
  );
  return rows.map((r) => ({ id: Number(r.id), row: JSON.parse(r.payload) as AuditRow }));
}

export async function markSent(sql: Sql, sink: string, upToId: number, now: Date): Promise<void> {
  // CASE, not MAX(a, b) (SQLite) or GREATEST (PostgreSQL): the cursor never moves back.
  await sql.run(
    `UPDATE audit_forward_sinks SET last_sent_id = CASE WHEN last_sent_id > ? THEN last_sent_id ELSE ? END, last_sent_at = ?,
       failures = 0, next_attempt_at = NULL
     WHERE sink = ?`,
    [upToId, upToId, now.toISOString(), sink],
  );
}

/** Records a failed attempt; returns how many failures in a row the sink now has. */
export async function markFailed(sql: Sql, sink: string, error: string, now: Date, nextAttemptAt: Date): Promise<number> {
  const row = await sql.get<{ failures: number | string }>(
    `UPDATE audit_forward_sinks SET failures = failures + 1, last_error = ?, last_error_at = ?, next_attempt_at = ?
     WHERE sink = ? RETURNING failures`,
    [error, now.toISOString(), nextAttemptAt.toISOString(), sink],
  );
  return Number(row?.failures ?? 0);
}

export async function sinkState(sql: Sql, sink: string): Promise<{ failures: number; nextAttemptAt: string | null } | undefined> {
  const r = await sql.get<{ failures: number | string; next_attempt_at: string | null }>(
    'SELECT failures, next_attempt_at FROM audit_forward_sinks WHERE sink = ?',
    [sink],
  );
  return r && { failures: Number(r.failures), nextAttemptAt: r.next_attempt_at };
}

/**
 * Deletes entries every configured sink has delivered. With no sink configured nothing will ever
 * read the outbox, so it is emptied.
 */
export async function pruneOutbox(sql: Sql, configured: string[]): Promise<number> {
  if (configured.length === 0) return (await sql.run('DELETE FROM audit_outbox')).changes;
  const marks = `(${configured.map(() => '?').join(',')})`;
  const low = (await sql.get<{ low: number | string | null; n: number | string }>(
    `SELECT MIN(last_sent_id) AS low, COUNT(*) AS n FROM audit_forward_sinks WHERE sink IN ${marks}`,
    configured,
  ))!;
  if (Number(low.n) < configured.length || low.low === null) return 0;
  return (await sql.run('DELETE FROM audit_outbox WHERE id <= ?', [Number(low.low)])).changes;
}

export interface SinkStatus {
  sink: string;
  target: string;
  backlog: number;
  oldestPendingAt: string | null;
  lastSentAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  failing: boolean;
  nextAttemptAt: string | null;
}

export async function sinkStatus(sql: Sql, sink: string, target: string): Promise<SinkStatus> {
  const s = await sql.get<{
    last_sent_id: number | string;
    last_sent_at: string | null;
    failures: number | string;
    next_attempt_at: string | null;
    last_error: string | null;
    last_error_at: string | null;
  }>('SELECT * FROM audit_forward_sinks WHERE sink = ?', [sink]);
  const after = Number(s?.last_sent_id ?? 0);
  const pending = (await sql.get<{ n: number | string; oldest: string | null }>(
    'SELECT COUNT(*) AS n, MIN(at) AS oldest FROM audit_outbox WHERE id > ?',
    [after],
  ))!;
  return {
    sink,
    target,
    backlog: Number(pending.n),
    oldestPendingAt: pending.oldest,
    lastSentAt: s?.last_sent_at ?? null,
    lastError: s?.last_error ?? null,
    lastErrorAt: s?.last_error_at ?? null,
    failing: Number(s?.failures ?? 0) > 0,
    nextAttemptAt: s?.next_attempt_at ?? null,
  };
}
