// Migration 5's data step: hash the rows written before the chain existed, in id order, then put
// back the trigger that refuses updates. Runs inside the migration's transaction.
import type Database from 'better-sqlite3';
import { GENESIS_HASH, rowHash, type ChainedFields } from './audit-chain';

export function backfillAuditChain(db: Database.Database): void {
  const rows = db.prepare('SELECT * FROM audit_events ORDER BY id').all() as ChainedFields[];
  const set = db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?');
  let prev = GENESIS_HASH;
  for (const row of rows) {
    const hash = rowHash(row, prev);
    set.run(prev, hash, row.id);
    prev = hash;
  }
  db.exec(`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;`);
}
