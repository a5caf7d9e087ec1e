import 'server-only';
// Runs the scheduler inside the console's server process (started from instrumentation.ts).
// Nothing is kept in memory: due rows are read from SQLite on every tick, so a restart picks up
// where the last process stopped, and several processes can share one data folder.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { getConfig } from '@/lib/config/server-config';
import { influx } from '@/lib/influx/server';
import { patchInventoryStatus } from '@/lib/inventory/store';
import { logger } from '@/lib/log/logger';
import { database } from '@/lib/storage/db';
import { runDueDeactivations } from './run-due-deactivations';

const KEY = Symbol.for('influx-token-console.scheduler');
type Holder = { [KEY]?: { timer: NodeJS.Timeout; worker: string } };

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
      const result = await runDueDeactivations({
        db: database(),
        gateway: influx(),
        worker,
        onDeactivated: (row, updatedAt) => patchInventoryStatus(row.orgID, row.authorizationID, 'inactive', updatedAt),
        log: (msg, fields) => logger.warn(msg, fields),
      });
      if (result.deactivated || result.alreadyGone || result.failed) logger.info('scheduled deactivations', { ...result });
    } catch (error) {
      logger.error('scheduler tick failed', { error: String(error) });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  holder[KEY] = { timer, worker };
  logger.info('scheduler started', { tickMs, worker });
  void tick();
}
