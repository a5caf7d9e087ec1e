// Retention (issue 14): rows older than CONSOLE_AUDIT_RETENTION_DAYS are deleted, and the chain
// stays verifiable from the oldest kept row because the same transaction records an anchor (that
// row's id and its stored previous hash) which the verifier starts from. The delete trigger
// (migration 5) allows deleting only rows below the latest anchor, so the anchor comes first.
import { AUDIT_CHAIN_LOCK, chainHead, nextAuditId } from './audit-chain';
import { storage } from './db';
import type { Sql } from './sql';

export interface PruneResult {
  pruned: number;
  firstKeptId?: number;
}

export async function pruneAudit(olderThan: Date, sql: Sql = storage(), now: Date = new Date()): Promise<PruneResult> {
  const cutoff = olderThan.toISOString();
  // Under the chain's lock: the anchor must name the chain's head as no append can move it.
  return sql.transaction(
    async (tx): Promise<PruneResult> => {
      // Ids grow with time, so everything below the first row at or after the cutoff goes; a row
      // written out of clock order is kept rather than leaving a hole in the chain.
      const firstKept = await tx.get<{ id: number | string; prev_hash: string }>(
        'SELECT id, prev_hash FROM audit_events WHERE at >= ? ORDER BY id LIMIT 1',
        [cutoff],
      );
      // Every row older: the next row to be written starts the kept chain.
      const anchor = firstKept
        ? { id: Number(firstKept.id), prevHash: firstKept.prev_hash }
        : { id: await nextAuditId(tx), prevHash: await chainHead(tx) };
      const count = Number((await tx.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM audit_events WHERE id < ?', [anchor.id]))!.n);
      if (count === 0) return { pruned: 0 };
      await tx.run('INSERT INTO audit_anchors (first_kept_id, prev_hash, pruned_at, pruned_rows, older_than) VALUES (?, ?, ?, ?, ?)', [
        anchor.id,
        anchor.prevHash,
        now.toISOString(),
        count,
        cutoff,
      ]);
      const { changes } = await tx.run('DELETE FROM audit_events WHERE id < ?', [anchor.id]);
      return { pruned: changes, firstKeptId: anchor.id };
    },
    { lock: AUDIT_CHAIN_LOCK },
  );
}

export function retentionCutoff(days: number, now: Date = new Date()): Date {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
}
