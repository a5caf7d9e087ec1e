// The forwarding queue (issue 14): audit_outbox holds a copy of every audit row, written in the
// transaction that writes the row; each sink has a cursor in audit_forward_sinks (the last outbox
// id it delivered). At least once: the cursor moves only after a sink accepted the entries, so a
// crash in between sends them again. No `server-only`: the worker runs in vitest against real
// sockets.
import type Database from 'better-sqlite3';
import type { AuditRow } from '@/lib/storage/audit';

export interface OutboxEntry {
  id: number;
  row: AuditRow;
}

export function enqueueForwarding(db: Database.Database, row: AuditRow): void {
  db.prepare('INSERT INTO audit_outbox (audit_id, at, payload) VALUES (?, ?, ?)').run(row.id, row.at, JSON.stringify(row));
}

/** Registers a sink on first use; it starts with what the outbox still holds. */
export function ensureSink(db: Database.Database, sink: string, target: string): void {
  db.prepare(
    `INSERT INTO audit_forward_sinks (sink, target, last_sent_id) VALUES (?, ?, 0)
     ON CONFLICT(sink) DO UPDATE SET target = excluded.target`,
  ).run(sink, target);
}

export function pendingEntries(db: Database.Database, sink: string, limit: number): OutboxEntry[] {
  const rows = db
    .prepare(
      `SELECT o.id, o.payload FROM audit_outbox o
       WHERE o.id > (SELECT last_sent_id FROM audit_forward_sinks WHERE sink = ?)
       ORDER BY o.id LIMIT ?`,
    )
    .all(sink, limit) as { id: number; payload: string }[];
  return rows.map((r) => ({ id: r.id, row: JSON.parse(r.payload) as AuditRow }));
}

export function markSent(db: Database.Database, sink: string, upToId: number, now: Date): void {
  db.prepare(
    `UPDATE audit_forward_sinks SET last_sent_id = MAX(last_sent_id, ?), last_sent_at = ?, failures = 0, next_attempt_at = NULL
     WHERE sink = ?`,
  ).run(upToId, now.toISOString(), sink);
}

/** Records a failed attempt; returns how many failures in a row the sink now has. */
export function markFailed(db: Database.Database, sink: string, error: string, now: Date, nextAttemptAt: Date): number {
  db.prepare(
    `UPDATE audit_forward_sinks SET failures = failures + 1, last_error = ?, last_error_at = ?, next_attempt_at = ?
     WHERE sink = ?`,
  ).run(error, now.toISOString(), nextAttemptAt.toISOString(), sink);
  return (db.prepare('SELECT failures FROM audit_forward_sinks WHERE sink = ?').get(sink) as { failures: number }).failures;
}

export function sinkState(db: Database.Database, sink: string): { failures: number; nextAttemptAt: string | null } | undefined {
  const r = db.prepare('SELECT failures, next_attempt_at FROM audit_forward_sinks WHERE sink = ?').get(sink) as
    { failures: number; next_attempt_at: string | null } | undefined;
  return r && { failures: r.failures, nextAttemptAt: r.next_attempt_at };
}

/**
 * Deletes entries every configured sink has delivered. With no sink configured nothing will ever
 * read the outbox, so it is emptied.
 */
export function pruneOutbox(db: Database.Database, configured: string[]): number {
  if (configured.length === 0) return db.prepare('DELETE FROM audit_outbox').run().changes;
  const marks = `(${configured.map(() => '?').join(',')})`;
  const low = db
    .prepare(`SELECT MIN(last_sent_id) AS low, COUNT(*) AS n FROM audit_forward_sinks WHERE sink IN ${marks}`)
    .get(...configured) as { low: number | null; n: number };
  if (low.n < configured.length || low.low === null) return 0;
  return db.prepare('DELETE FROM audit_outbox WHERE id <= ?').run(low.low).changes;
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

export function sinkStatus(db: Database.Database, sink: string, target: string): SinkStatus {
  const s = db.prepare('SELECT * FROM audit_forward_sinks WHERE sink = ?').get(sink) as
    | {
        last_sent_id: number;
        last_sent_at: string | null;
        failures: number;
        next_attempt_at: string | null;
        last_error: string | null;
        last_error_at: string | null;
      }
    | undefined;
  const after = s?.last_sent_id ?? 0;
  const pending = db.prepare('SELECT COUNT(*) AS n, MIN(at) AS oldest FROM audit_outbox WHERE id > ?').get(after) as {
    n: number;
    oldest: string | null;
  };
  return {
    sink,
    target,
    backlog: pending.n,
    oldestPendingAt: pending.oldest,
    lastSentAt: s?.last_sent_at ?? null,
    lastError: s?.last_error ?? null,
    lastErrorAt: s?.last_error_at ?? null,
    failing: (s?.failures ?? 0) > 0,
    nextAttemptAt: s?.next_attempt_at ?? null,
  };
}
