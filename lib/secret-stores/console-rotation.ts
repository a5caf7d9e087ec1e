import 'server-only';
// Rotation in the running console: the deps of one path's rotation (its connection's gateway, its
// store's client, the console's tables) and the scheduler's pass over the due ones.
import { connectionOfStored } from '@/lib/connections/registry';
import { influx } from '@/lib/influx/server';
import { logger } from '@/lib/log/logger';
import { consoleUrl, recordConsoleEventNoticeBestEffort } from '@/lib/notices/console-event-notices';
import { rotationFailedNotice } from '@/lib/notices/event-messages';
import { recordAudit, type AuditActor } from '@/lib/storage/audit';
import { scheduleDeactivation } from '@/lib/storage/scheduled-deactivations';
import { recordDelivery } from '@/lib/storage/secret-deliveries';
import { claimRotation, dueRotations, failRotation, finishRotation, type SecretRotation } from '@/lib/storage/secret-rotations';
import { configuredStores } from './configured-stores';
import { storeClient } from './console-delivery';
import { rotateDelivery, type RotateDeps, type RotateResult } from './rotate-delivery';

/** A claim older than this is abandoned (its process died mid-run): a run is a few calls. */
const LEASE_MS = 5 * 60_000;

export const SCHEDULER_ACTOR: AuditActor = { id: 'system:scheduler', name: 'scheduler, secret-store rotation', role: 'system' };

/** Marks the run failed (Settings shows it) and tells the team once, on the configured channels. */
async function failAndTell(rotation: SecretRotation, problem: string, now: number): Promise<void> {
  await failRotation(rotation.id, problem, now);
  await recordConsoleEventNoticeBestEffort(
    rotationFailedNotice({
      rotationId: rotation.id,
      storeId: rotation.storeID,
      path: rotation.path,
      problem,
      failedAt: now,
      consoleUrl: consoleUrl(),
    }),
  );
}

export function consoleRotateDeps(rotation: SecretRotation, requestID: string, requestedBy: AuditActor): RotateDeps | string {
  const store = configuredStores().stores.find((s) => s.id === rotation.storeID);
  if (!store) return `The store “${rotation.storeID}” is no longer in the secret stores file, so ${rotation.path} cannot rotate.`;
  const connection = connectionOfStored(rotation.connectionID);
  if (!connection) return `The connection “${rotation.connectionID}” is no longer configured, so ${rotation.path} cannot rotate.`;
  const gw = influx(connection.id);
  return {
    gateway: gw,
    client: storeClient(store),
    store,
    influxUrl: connection.url,
    claim: (id, now) => claimRotation(id, now, LEASE_MS),
    finish: finishRotation,
    fail: (_id, problem, now) => failAndTell(rotation, problem, now),
    record: recordDelivery,
    schedule: async (s) =>
      (
        await scheduleDeactivation({
          kind: 'replace',
          connectionID: rotation.connectionID,
          orgID: s.orgID,
          authorizationID: s.originalID,
          replacementID: s.replacementID,
          description: s.description,
          dueAt: s.dueAt,
          requestedBy,
          requestID,
        })
      ).id,
    audit: (e) => recordAudit({ requestId: requestID, ...e }),
  };
}

export async function rotateNow(rotation: SecretRotation, requestID: string, actor: AuditActor): Promise<RotateResult> {
  const deps = consoleRotateDeps(rotation, requestID, actor);
  if (typeof deps === 'string') {
    await failAndTell(rotation, deps, Date.now());
    return { ok: false, problem: deps };
  }
  return rotateDelivery(rotation, actor, deps);
}

/** One scheduler pass: every due path rotated once. Never throws. */
export async function runDueRotations(now = Date.now()): Promise<{ rotated: number; failed: number }> {
  const result = { rotated: 0, failed: 0 };
  let due: SecretRotation[];
  try {
    due = await dueRotations(now);
  } catch (error) {
    logger.error('rotation pass: due rotations unreadable', { error: String(error) });
    return result;
  }
  for (const rotation of due) {
    try {
      const r = await rotateNow(rotation, crypto.randomUUID(), SCHEDULER_ACTOR);
      if (r.ok) result.rotated++;
      else {
        result.failed++;
        logger.warn('rotation failed', { rotation: rotation.id, problem: r.problem });
      }
    } catch (error) {
      result.failed++;
      logger.error('rotation pass failed', { rotation: rotation.id, error: String(error) });
    }
  }
  return result;
}
