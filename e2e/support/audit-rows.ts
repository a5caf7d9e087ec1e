// Writes audit rows straight into the running console's database, chained as the console chains
// them (lib/storage/audit-chain.ts), so a spec can have a large or particular trail without
// thousands of clicks. One transaction under the chain's lock, like the console's own writes.
import { join } from 'node:path';
import { appendChainedRow, AUDIT_CHAIN_LOCK, chainHead, nextAuditId, type ChainedFields } from '../../lib/storage/audit-chain';
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
          prev = await appendChainedRow(tx, row, prev);
        }
      },
      { lock: AUDIT_CHAIN_LOCK },
    );
  } finally {
    await sql.close();
  }
}
