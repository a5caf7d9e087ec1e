// Writes audit rows straight into the running console's database, chained as the console chains
// them (lib/storage/audit-chain.ts), so a spec can have a large or particular trail without
// thousands of clicks. One IMMEDIATE transaction, like the console's own writes.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chainHead, rowHash, type ChainedFields } from '../../lib/storage/audit-chain';

export type AuditRowInput = Partial<Omit<ChainedFields, 'id' | 'detail'>> & { detail?: Record<string, unknown> };

export function insertAuditRows(dataDir: string, rows: AuditRowInput[]): void {
  const db = new Database(join(dataDir, 'console.sqlite'));
  db.pragma('busy_timeout = 5000');
  try {
    db.transaction(() => {
      const insert = db.prepare(
        `INSERT INTO audit_events (id, at, request_id, actor_id, actor_name, actor_email, actor_role, action, outcome, org_id, authorization_id, detail, prev_hash, hash)
         VALUES (@id, @at, @request_id, @actor_id, @actor_name, @actor_email, @actor_role, @action, @outcome, @org_id, @authorization_id, @detail, @prev_hash, @hash)`,
      );
      let prev = chainHead(db);
      let id =
        ((db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").get() as { seq: number } | undefined)?.seq ?? 0) + 1;
      for (const r of rows) {
        const row: ChainedFields = {
          id: id++,
          at: r.at ?? new Date().toISOString(),
          request_id: r.request_id ?? `e2e-${id}`,
          actor_id: r.actor_id ?? 'local:e2e',
          actor_name: r.actor_name ?? 'e2e',
          actor_email: r.actor_email ?? null,
          actor_role: r.actor_role ?? 'admin',
          action: r.action ?? 'token.describe',
          outcome: r.outcome ?? 'success',
          org_id: r.org_id ?? null,
          authorization_id: r.authorization_id ?? null,
          detail: JSON.stringify(r.detail ?? {}),
        };
        const hash = rowHash(row, prev);
        insert.run({ ...row, prev_hash: prev, hash });
        prev = hash;
      }
    }).immediate();
  } finally {
    db.close();
  }
}
