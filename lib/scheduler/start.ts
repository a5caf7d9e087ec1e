import 'server-only';
// Runs the scheduler inside the console's server process (started from instrumentation.ts).
// Nothing is kept in memory: due rows are read from the database on every tick, so a restart picks up
// where the last process stopped, and several processes can share one data folder.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { getConfig } from '@/lib/config/server-config';
import { connectionOfStored, consoleConnections } from '@/lib/connections/registry';
import { scopeKey } from '@/lib/connections/scope';
import { influx } from '@/lib/influx/server';
import { patchInventoryStatus } from '@/lib/inventory/store';
import { logger } from '@/lib/log/logger';
import { deleteExpiredAfterRetention } from '@/lib/lifetimes/expired-retention';
import { runNoticePass } from '@/lib/notices/console-notices';
import { runEventNoticePass } from '@/lib/notices/console-event-notices';
import { sweepExpired } from '@/lib/requests/console-requests';
import { recordAudit } from '@/lib/storage/audit';
import { pruneAudit, retentionCutoff } from '@/lib/storage/audit-retention';
import { storage } from '@/lib/storage/db';
import { runDueRotations } from '@/lib/secret-stores/console-rotation';
import { drainDue } from './drain';
import { runDueDeactivations } from './run-due-deactivations';

const KEY = Symbol.for('influx-token-console.scheduler');
type Holder = { [KEY]?: { timer: NodeJS.Timeout; worker: string; retention?: NodeJS.Timeout } };

const RETENTION_EVERY_MS = 60 * 60 * 1000;

/** A row's connection; one removed from the connections file fails the row with words (retried). */
function gatewayOfStored(connectionID: string) {
  const connection = connectionOfStored(connectionID);
  if (!connection) throw new Error(`connection "${connectionID}" is no longer in the connections file`);
  return influx(connection.id);
}

/** Deletes audit rows older than CONSOLE_AUDIT_RETENTION_DAYS (off when unset). */
async function pruneAuditTrail(days: number): Promise<void> {
  try {
    const result = await pruneAudit(retentionCutoff(days), storage());
    if (result.pruned) logger.info('audit trail pruned', { days, ...result });
  } catch (error) {
    logger.error('audit pruning failed', { error: String(error) });
  }
}

/** Issue 13: expiry notices, after the deactivations (an expiry carried out this tick is told as expired). */
async function noticePass(worker: string, budgetMs: number): Promise<void> {
  try {
    const r = await runNoticePass(worker, new Date(), budgetMs);
    if (r && (r.recorded || r.sent || r.failed.length)) {
      logger.info('expiry notices', {
        recorded: r.recorded,
        sent: r.sent,
        failed: r.failed.map((f) => ({ channel: f.channel, error: f.error })),
      });
    }
  } catch (error) {
    logger.error('expiry notice pass failed', { error: String(error) });
  }
}

/** Issue 15: requests nobody acted on expire here, not only when a Requests page opens; then request and rotation notices go out. */
async function requestAndEventNoticePass(worker: string): Promise<void> {
  const expired = await sweepExpired();
  if (expired) logger.info('access requests expired', { expired });
  try {
    const r = await runEventNoticePass(worker);
    if (r && (r.sent || r.failed.length)) {
      logger.info('event notices', { sent: r.sent, failed: r.failed.map((f) => ({ channel: f.channel, error: f.error })) });
    }
  } catch (error) {
    logger.error('event notice pass failed', { error: String(error) });
  }
}

/** Issue 13: deletes tokens CONSOLE_EXPIRED_RETENTION_DAYS after their expiry (off when unset). */
async function retentionPass(days: number | undefined): Promise<void> {
  if (!days) return;
  try {
    const r = await deleteExpiredAfterRetention({ sql: storage(), gatewayFor: gatewayOfStored, audit: (e) => recordAudit(e), days });
    if (r.deleted || r.kept || r.failed) logger.info('expired tokens after retention', { days, ...r });
  } catch (error) {
    logger.error('expired-token retention pass failed', { error: String(error) });
  }
}

export function startScheduler(): void {
  const holder = globalThis as Holder;
  if (holder[KEY]) return;
  const tickMs = getConfig().CONSOLE_SCHEDULER_TICK_MS;
  const worker = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // Passes back to back while each was full, for at most half a tick (issue 13: many expiries at once).
      const result = await drainDue(
        (limit) =>
          runDueDeactivations({
            sql: storage(),
            gateway: influx(),
            gatewayFor: (row) => gatewayOfStored(row.connectionID),
            worker,
            // The lease must outlast the slowest call: the longest timeout of any connection.
            influxTimeoutMs: Math.max(...consoleConnections().connections.map((c) => c.timeoutMs)),
            onDeactivated: (row, updatedAt) =>
              void patchInventoryStatus(
                scopeKey(connectionOfStored(row.connectionID)?.id ?? row.connectionID, row.orgID),
                row.authorizationID,
                'inactive',
                updatedAt,
              ),
            log: (msg, fields) => logger.warn(msg, fields),
            limit,
          }),
        { budgetMs: tickMs / 2 },
      );
      if (result.deactivated || result.alreadyGone || result.failed || result.lost) logger.info('scheduled deactivations', { ...result });
      // Secret-store paths due for rotation (issue 17); their old tokens come back as rows above.
      const rotations = await runDueRotations();
      if (rotations.rotated || rotations.failed) logger.info('secret-store rotations', rotations);
    } catch (error) {
      logger.error('scheduler tick failed', { error: String(error) });
    }
    try {
      await noticePass(worker, tickMs / 2);
      await requestAndEventNoticePass(worker);
      await retentionPass(getConfig().CONSOLE_EXPIRED_RETENTION_DAYS);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  const days = getConfig().CONSOLE_AUDIT_RETENTION_DAYS;
  let retention: NodeJS.Timeout | undefined;
  if (days) {
    retention = setInterval(() => void pruneAuditTrail(days), RETENTION_EVERY_MS);
    retention.unref();
    void pruneAuditTrail(days);
  }
  holder[KEY] = { timer, worker, ...(retention ? { retention } : {}) };
  logger.info('scheduler started', { tickMs, worker, auditRetentionDays: days ?? null });
  void tick();
}
