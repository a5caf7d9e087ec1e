// Deletion after a retention (CONSOLE_EXPIRED_RETENTION_DAYS, off by default): a token the console
// deactivated at its expiry is deleted from InfluxDB once it has been expired that long. Each row is
// claimed with one conditional UPDATE (two console processes: one deletes, the other skips it), the
// token is checked first (one that someone activated again, or gave a new expiry, is kept), and every
// deletion is audited as token.delete by the scheduler. Free of Next.js: dependencies come in.
import { InfluxError } from '@/lib/influx/errors';
import type { Gateway } from '@/lib/influx/gateway';
import type { AuditEvent } from '@/lib/storage/audit';
import type { Sql } from '@/lib/storage/sql';

export interface RetentionDeps {
  sql: Sql;
  gatewayFor(connectionID: string): Pick<Gateway, 'getAuthorization' | 'deleteAuthorization'>;
  audit(event: AuditEvent): void | Promise<void>;
  days: number;
  now?: () => number;
  /** Most tokens handled in one pass. */
  limit?: number;
}

export interface RetentionResult {
  deleted: number;
  kept: number;
  failed: number;
}

const DAY = 86_400_000;
const DELETED = 'deleted after retention';

export async function deleteExpiredAfterRetention(deps: RetentionDeps): Promise<RetentionResult> {
  const cutoff = (deps.now ?? Date.now)() - deps.days * DAY;
  const result: RetentionResult = { deleted: 0, kept: 0, failed: 0 };
  const rows = await deps.sql.all<{ id: number; connection_id: string; org_id: string; authorization_id: string; description: string }>(
    `SELECT id, connection_id, org_id, authorization_id, description FROM scheduled_deactivations s
     WHERE kind = 'expiry' AND state = 'done' AND outcome = 'deactivated' AND expires_at <= ?
       AND NOT EXISTS (SELECT 1 FROM scheduled_deactivations later WHERE later.kind = 'expiry' AND later.connection_id = s.connection_id
                       AND later.authorization_id = s.authorization_id AND later.id > s.id)
     ORDER BY expires_at LIMIT ?`,
    [cutoff, deps.limit ?? 25],
  );
  for (const row of rows) {
    const claimed = await deps.sql.run(`UPDATE scheduled_deactivations SET outcome = 'deleting' WHERE id = ? AND outcome = 'deactivated'`, [
      row.id,
    ]);
    if (claimed.changes !== 1) continue;
    const settle = (outcome: string) => deps.sql.run('UPDATE scheduled_deactivations SET outcome = ? WHERE id = ?', [outcome, row.id]);
    const audit = (outcome: AuditEvent['outcome'], detail: Record<string, unknown>) =>
      deps.audit({
        requestId: `retention-${row.id}`,
        actor: { id: 'system:scheduler', name: `scheduler, ${deps.days} days after expiry`, role: 'system' },
        action: 'token.delete',
        outcome,
        orgID: row.org_id,
        authorizationID: row.authorization_id,
        detail: { connection: row.connection_id, reason: 'expired-retention', days: deps.days, description: row.description, ...detail },
      });
    try {
      const gateway = deps.gatewayFor(row.connection_id);
      const token = await gateway.getAuthorization(row.authorization_id);
      if (token?.status === 'active') {
        // Someone switched it on again after its expiry: a person's decision, not ours to undo.
        await settle('kept: active again after its expiry');
        result.kept++;
        continue;
      }
      if (token) await gateway.deleteAuthorization(row.authorization_id);
      await settle(DELETED);
      await audit('success', { result: token ? 'deleted' : 'already deleted' });
      result.deleted++;
    } catch (error) {
      // Back to deactivated: the next pass tries again.
      await settle('deactivated');
      await audit('failure', { problem: error instanceof InfluxError ? `${error.kind} ${error.status ?? ''}`.trim() : 'unexpected' });
      result.failed++;
    }
  }
  return result;
}
