import 'server-only';
// One pass of the scheduler: claim each due deactivation (atomically, see the store), switch the
// token off in InfluxDB, record the outcome and an audit row. A failure InfluxDB may recover
// from is retried with backoff; a token that no longer exists counts as done (it can no longer
// be used either way).
// A claim is exclusive: the InfluxDB call is bounded by a deadline well inside the lease
// (lease.ts), so no other process can take the row while the call may still be running; and the
// outcome and its audit row are written in one transaction only while this worker still holds
// the claim, so even a process stalled past its lease never audits a run a second time.
import type { Gateway } from '@/lib/influx/gateway';
import { InfluxError } from '@/lib/influx/errors';
import { describeInfluxError } from '@/lib/influx/messages';
import { recordAudit } from '@/lib/storage/audit';
import { claimDue, finishClaim, retryClaimLater, type ScheduledDeactivation } from '@/lib/storage/scheduled-deactivations';
import type { Sql } from '@/lib/storage/sql';
import { callDeadlineMs, claimLeaseMs } from './lease';

export const MAX_ATTEMPTS = 20;

/** 5 s, 10 s, 20 s ... capped at 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5 * 60_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}

export interface PassDeps {
  sql: Sql;
  gateway: Pick<Gateway, 'updateAuthorization'>;
  /** The gateway of the row's connection (several InfluxDB servers); `gateway` otherwise. */
  gatewayFor?: (row: ScheduledDeactivation) => Pick<Gateway, 'updateAuthorization'>;
  worker: string;
  /** INFLUX_TIMEOUT_MS of the gateway: the call's deadline and the claim's lease follow from it. */
  influxTimeoutMs: number;
  now?: () => number;
  /** Most rows handled in one pass, so one tick stays short. */
  limit?: number;
  /** Told about each finished row (the inventory cache patches itself). */
  onDeactivated?: (row: ScheduledDeactivation, updatedAt?: string) => void;
  log?: (msg: string, fields: Record<string, unknown>) => void;
}

export interface PassResult {
  deactivated: number;
  alreadyGone: number;
  retrying: number;
  failed: number;
  /** Claims another process took over before this one finished (nothing recorded for them here). */
  lost: number;
}

const schedulerActor = (row: ScheduledDeactivation) => ({
  id: 'system:scheduler',
  name: row.kind === 'expiry' ? `scheduler, expiry set by ${row.requestedBy.name}` : `scheduler, for ${row.requestedBy.name}`,
  role: 'system' as const,
});

/** The update, abandoned (as a timeout) if InfluxDB has not answered by the deadline. */
async function deactivateWithin(gateway: PassDeps['gateway'], authorizationID: string, deadlineMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new InfluxError('timeout', `no answer within ${deadlineMs} ms`, undefined, undefined, 'PATCH /api/v2/authorizations/{id}')),
      deadlineMs,
    );
  });
  try {
    return await Promise.race([gateway.updateAuthorization(authorizationID, { status: 'inactive' }), late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runDueDeactivations(deps: PassDeps): Promise<PassResult> {
  const now = deps.now ?? Date.now;
  const leaseMs = claimLeaseMs(deps.influxTimeoutMs);
  const deadlineMs = callDeadlineMs(deps.influxTimeoutMs);
  const result: PassResult = { deactivated: 0, alreadyGone: 0, retrying: 0, failed: 0, lost: 0 };
  for (let i = 0; i < (deps.limit ?? 25); i++) {
    const row = await claimDue(deps.worker, now(), deps.sql, leaseMs);
    if (!row) break;
    const audit = (tx: Sql, outcome: 'success' | 'failure', detail: Record<string, unknown>) =>
      recordAudit(
        {
          requestId: row.requestID,
          actor: schedulerActor(row),
          // An expiry is audited as one, so the trail says why the token stopped working.
          action: row.kind === 'expiry' ? 'token.expire' : 'schedule.deactivate',
          outcome,
          orgID: row.orgID,
          authorizationID: row.authorizationID,
          detail: { connection: row.connectionID, scheduleId: row.id, description: row.description, attempt: row.attempts, ...detail },
        },
        tx,
      );
    type AuditArgs = [outcome: 'success' | 'failure', detail: Record<string, unknown>];
    // The outcome and its audit row together, and only while the claim is still ours.
    const settle = (write: (tx: Sql) => Promise<boolean>, auditRow?: AuditArgs) =>
      deps.sql.transaction(async (tx) => {
        if (!(await write(tx))) return false;
        if (auditRow) await audit(tx, ...auditRow);
        return true;
      });
    const finish = (state: 'done' | 'failed', outcome: string, auditRow: AuditArgs) =>
      settle((tx) => finishClaim(row.id, deps.worker, { state, outcome }, tx), auditRow);
    try {
      const gateway = deps.gatewayFor?.(row) ?? deps.gateway;
      const updated = await deactivateWithin(gateway, row.authorizationID, deadlineMs);
      if (!(await finish('done', 'deactivated', ['success', { result: 'deactivated' }]))) {
        result.lost++;
        continue;
      }
      deps.onDeactivated?.(row, updated.updatedAt);
      result.deactivated++;
    } catch (error) {
      const influxError = error instanceof InfluxError ? error : undefined;
      if (influxError?.kind === 'not-found') {
        if (!(await finish('done', 'already deleted', ['success', { result: 'already deleted' }]))) {
          result.lost++;
          continue;
        }
        deps.onDeactivated?.(row);
        result.alreadyGone++;
        continue;
      }
      const problem = influxError
        ? describeInfluxError(influxError, {
            doing: row.kind === 'expiry' ? 'deactivate the expired token' : 'deactivate the token on schedule',
          })
        : 'An unexpected error stopped the scheduled deactivation; see the server log.';
      deps.log?.('scheduled deactivation failed', {
        scheduleId: row.id,
        attempt: row.attempts,
        kind: influxError?.kind,
        upstream: influxError?.upstreamMessage,
        error: influxError ? undefined : String(error),
      });
      if (row.attempts >= MAX_ATTEMPTS) {
        if (await finish('failed', problem, ['failure', { result: 'gave up', problem }])) result.failed++;
        else result.lost++;
      } else {
        // One audit row for the first failure, not one per retry.
        const retried = await settle(
          (tx) => retryClaimLater(row.id, deps.worker, now() + retryDelayMs(row.attempts), problem, tx),
          row.attempts === 1 ? ['failure', { result: 'will retry', problem }] : undefined,
        );
        if (retried) result.retrying++;
        else result.lost++;
      }
    }
  }
  return result;
}
