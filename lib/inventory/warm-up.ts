import 'server-only';
// Reads the default org's inventory once when the server starts, in the background, so the first
// person to open the list does not wait for InfluxDB's whole-list answer (about 1 s at 10,000
// tokens). Failure is only logged: the list page reads again on demand.
import { defaultOrgRef } from '@/lib/influx/server';
import { logger } from '@/lib/log/logger';
import { inventorySnapshot } from './store';

export function warmInventory(): void {
  const started = Date.now();
  defaultOrgRef()
    .then((org) => inventorySnapshot(org.id))
    .then(
      (entry) => logger.info('inventory warmed', { count: entry.value.records.length, ms: Date.now() - started }),
      (error) => logger.warn('inventory warm-up failed', { error: String(error) }),
    );
}
