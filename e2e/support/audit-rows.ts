// Writes audit rows straight into the running console's database, chained as the console chains
// them (lib/storage/audit-chain.ts), so a spec can have a large or particular trail without
// thousands of clicks. One transaction under the chain's lock, like the console's own writes.
import { join } from 'node:path';
import { AUDIT_CHAIN_LOCK, chainHead, nextAuditId, rowHash, type ChainedFields } from '../../lib/storage/audit-chain';
import { openSqliteFile } from '../../lib/storage/open-sqlite';

export type AuditRowInput = Partial<Omit<ChainedFields, 'id' | 'detail'>> & { detail?: Record<string, unknown> };

export async function insertAuditRows(dataDir: string, rows: AuditRowInput[]): Promise<void> {
  const sql = openSqliteFile(join(dataDir, 'console.sqlite'));
  try {
    await sql.transaction(
      async (tx) => {
        let prev = await chainHead(tx);
        let id = await nextAuditId(tx);
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
          await tx.run(
            `INSERT INTO audit_events (id, at, request_id, actor_id, actor_name, actor_email, actor_role, action, outcome, org_id, authorization_id, detail, prev_hash, hash)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [
              row.id,
              row.at,
              row.request_id,
              row.actor_id,
              row.actor_name,
              row.actor_email,
              row.actor_role,
              row.action,
              row.outcome,
              row.org_id,
              row.authorization_id,
              row.detail,
              prev,
              hash,
            ],
          );
          prev = hash;
        }
      },
      { lock: AUDIT_CHAIN_LOCK },
    );
  } finally {
    await sql.close();
  }
}
