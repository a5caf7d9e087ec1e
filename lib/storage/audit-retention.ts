// Retention (issue 14): rows older than CONSOLE_AUDIT_RETENTION_DAYS are deleted, and the chain
// stays verifiable from the oldest kept row because the same transaction records an anchor (that
// row's id and its stored previous hash) which the verifier starts from. The delete trigger
// (migration 5) allows deleting only rows below the latest anchor, so the anchor comes first.
import type Database from 'better-sqlite3';
import { chainHead } from './audit-chain';

export interface PruneResult {
  pruned: number;
  firstKeptId?: number;
}

export function pruneAudit(olderThan: Date, db: Database.Database, now: Date = new Date()): PruneResult {
  const cutoff = olderThan.toISOString();
  return db
    .transaction((): PruneResult => {
      // Ids grow with time, so everything below the first row at or after the cutoff goes; a row
      // written out of clock order is kept rather than leaving a hole in the chain.
      const firstKept = db.prepare('SELECT id, prev_hash FROM audit_events WHERE at >= ? ORDER BY id LIMIT 1').get(cutoff) as
        { id: number; prev_hash: string } | undefined;
      let anchor: { id: number; prevHash: string };
      if (firstKept) {
        anchor = { id: firstKept.id, prevHash: firstKept.prev_hash };
      } else {
        // Every row is older: the next row to be written starts the kept chain.
        const seq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").get() as { seq: number } | undefined;
        anchor = { id: (seq?.seq ?? 0) + 1, prevHash: chainHead(db) };
      }
      const count = (db.prepare('SELECT COUNT(*) AS n FROM audit_events WHERE id < ?').get(anchor.id) as { n: number }).n;
      if (count === 0) return { pruned: 0 };
      db.prepare('INSERT INTO audit_anchors (first_kept_id, prev_hash, pruned_at, pruned_rows, older_than) VALUES (?, ?, ?, ?, ?)').run(
        anchor.id,
        anchor.prevHash,
        now.toISOString(),
        count,
        cutoff,
      );
      const { changes } = db.prepare('DELETE FROM audit_events WHERE id < ?').run(anchor.id);
      return { pruned: changes, firstKeptId: anchor.id };
    })
    .immediate();
}

export function retentionCutoff(days: number, now: Date = new Date()): Date {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
}
