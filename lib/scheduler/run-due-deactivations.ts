import 'server-only';
// One pass of the scheduler: claim each due deactivation (atomically, see the store), switch the
// token off in InfluxDB, record the outcome and an audit row. A failure InfluxDB may recover
// from is retried with backoff; a token that no longer exists counts as done (it can no longer
// be used either way).
import type Database from 'better-sqlite3';
import type { Gateway } from '@/lib/influx/gateway';
import { InfluxError } from '@/lib/influx/errors';
import { describeInfluxError } from '@/lib/influx/messages';
import { recordAudit } from '@/lib/storage/audit';
import { claimDue, finishClaim, retryClaimLater, type ScheduledDeactivation } from '@/lib/storage/scheduled-deactivations';

export const MAX_ATTEMPTS = 20;

/** 5 s, 10 s, 20 s ... capped at 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5 * 60_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}

export interface PassDeps {
  db: Database.Database;
  gateway: Pick<Gateway, 'updateAuthorization'>;
  /** The gateway of the row's connection (several InfluxDB servers); `gateway` otherwise. */
  gatewayFor?: (row: ScheduledDeactivation) => Pick<Gateway, 'updateAuthorization'>;
  worker: string;
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
}

const schedulerActor = (row: ScheduledDeactivation) => ({
  id: 'system:scheduler',
  name: `scheduler, for ${row.requestedBy.name}`,
  role: 'system' as const,
});

export async function runDueDeactivations(deps: PassDeps): Promise<PassResult> {
  const now = deps.now ?? Date.now;
  const result: PassResult = { deactivated: 0, alreadyGone: 0, retrying: 0, failed: 0 };
  for (let i = 0; i < (deps.limit ?? 25); i++) {
    const row = claimDue(deps.worker, now(), deps.db);
    if (!row) break;
    const audit = (outcome: 'success' | 'failure', detail: Record<string, unknown>) =>
      recordAudit(
        {
          requestId: row.requestID,
          actor: schedulerActor(row),
          action: 'schedule.deactivate',
          outcome,
          orgID: row.orgID,
          authorizationID: row.authorizationID,
          detail: { connection: row.connectionID, scheduleId: row.id, description: row.description, attempt: row.attempts, ...detail },
        },
        deps.db,
      );
    try {
      const gateway = deps.gatewayFor?.(row) ?? deps.gateway;
      const updated = await gateway.updateAuthorization(row.authorizationID, { status: 'inactive' });
      finishClaim(row.id, deps.worker, { state: 'done', outcome: 'deactivated' }, deps.db);
      audit('success', { result: 'deactivated' });
      deps.onDeactivated?.(row, updated.updatedAt);
      result.deactivated++;
    } catch (error) {
      const influxError = error instanceof InfluxError ? error : undefined;
      if (influxError?.kind === 'not-found') {
        finishClaim(row.id, deps.worker, { state: 'done', outcome: 'already deleted' }, deps.db);
        audit('success', { result: 'already deleted' });
        deps.onDeactivated?.(row);
        result.alreadyGone++;
        continue;
      }
      const problem = influxError
        ? describeInfluxError(influxError, { doing: 'deactivate the token on schedule' })
        : 'An unexpected error stopped the scheduled deactivation; see the server log.';
      deps.log?.('scheduled deactivation failed', {
        scheduleId: row.id,
        attempt: row.attempts,
        kind: influxError?.kind,
        upstream: influxError?.upstreamMessage,
        error: influxError ? undefined : String(error),
      });
      if (row.attempts >= MAX_ATTEMPTS) {
        finishClaim(row.id, deps.worker, { state: 'failed', outcome: problem }, deps.db);
        audit('failure', { result: 'gave up', problem });
        result.failed++;
      } else {
        retryClaimLater(row.id, deps.worker, now() + retryDelayMs(row.attempts), problem, deps.db);
        // One audit row for the first failure, not one per retry.
        if (row.attempts === 1) audit('failure', { result: 'will retry', problem });
        result.retrying++;
      }
    }
  }
  return result;
}
