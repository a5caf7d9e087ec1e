// Migration 5's data step: hash the rows written before the chain existed, in id order, then put
// back the trigger that refuses updates. Runs inside the migration's transaction.
import { GENESIS_HASH, rowHash, type ChainedFields } from './audit-chain';
import type { Sql } from './sql';

export async function backfillAuditChain(tx: Sql): Promise<void> {
  const rows = await tx.all<ChainedFields>('SELECT * FROM audit_events ORDER BY id');
  let prev = GENESIS_HASH;
  for (const row of rows) {
    const hash = rowHash(row, prev);
    await tx.run('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?', [prev, hash, row.id]);
    prev = hash;
  }
  // SQLite trigger syntax. On PostgreSQL the migration starts an empty trail (nothing to hash) and
  // its own text of migration 5 creates the update guard.
  if (tx.dialect === 'sqlite') {
    await tx.exec(`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;`);
  }
}
