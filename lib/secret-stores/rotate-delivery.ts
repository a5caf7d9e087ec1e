// Rotating the token at a KV path (issue 17), on demand or when its period is due: mint the
// successor with the same permissions and owner (the replace flow's clone), write it as a new
// version of the same path, then schedule the old token's deactivation after the grace period
// (the replace flow's scheduled deactivation, carried out by lib/scheduler). Each step is audited.
// A failed step stops the run with the old token untouched (a successor that never reached the
// store is deleted again) and the words stay on the row for Settings. Free of Next.js.
import { InfluxError } from '@/lib/influx/errors';
import type { Gateway } from '@/lib/influx/gateway';
import { describeInfluxError } from '@/lib/influx/messages';
import { cloneAuthorization, cloneDescription } from '@/lib/inventory/operations';
import type { AuditActor, AuditEvent } from '@/lib/storage/audit';
import type { NewDelivery } from '@/lib/storage/secret-deliveries';
import type { SecretRotation } from '@/lib/storage/secret-rotations';
import { secretData } from './delivery-request';
import type { KvClient } from './kv-client';
import type { SecretStore } from './store-config';
import { describeStoreProblem } from './store-problems';

export const ROTATE_AUDIT_ACTION = 'token.rotate';
const SUFFIX = '(rotated)';

export interface RotateDeps {
  gateway: Pick<Gateway, 'getAuthorization' | 'createAuthorization' | 'deleteAuthorization'>;
  client: Pick<KvClient, 'write'>;
  store: SecretStore;
  /** The InfluxDB URL written beside the token when the path asks for it. */
  influxUrl: string;
  claim(id: string, now: number): Promise<boolean>;
  finish(id: string, successorID: string, now: number): Promise<void>;
  fail(id: string, problem: string, now: number): Promise<void>;
  record(d: NewDelivery): Promise<unknown>;
  /** Schedules the old token's deactivation (kind replace); answers the schedule id. */
  schedule(input: { originalID: string; replacementID: string; description: string; orgID: string; dueAt: number }): Promise<number>;
  audit(e: Omit<AuditEvent, 'requestId'>): Promise<void> | void;
  now?: () => number;
}

export type RotateResult =
  { ok: true; successorID: string; version: number; oldDeactivatesAt: string; message: string } | { ok: false; problem: string };

/** "edge (rotated)" stays "edge (rotated)" however often it rotates. */
export const rotatedDescription = (d: string) => cloneDescription(d.replace(/( \(rotated\))+$/, ''), SUFFIX);

export async function rotateDelivery(rotation: SecretRotation, actor: AuditActor, deps: RotateDeps): Promise<RotateResult> {
  const now = deps.now ?? Date.now;
  const where = `${deps.store.mount}/${rotation.path}`;
  const audit = async (
    outcome: AuditEvent['outcome'],
    step: string,
    extra: Record<string, unknown>,
    authorizationID = rotation.authorizationID,
  ) => {
    try {
      await deps.audit({
        actor,
        action: ROTATE_AUDIT_ACTION,
        outcome,
        orgID: rotation.orgID,
        authorizationID,
        detail: { step, connection: rotation.connectionID, store: rotation.storeID, path: where, ...extra },
      });
    } catch {
      // Best effort, as every failure audit: the run's own state says what happened.
    }
  };
  const stop = async (step: string, problem: string): Promise<RotateResult> => {
    await audit('failure', step, { problem: problem.slice(0, 300) });
    await deps.fail(rotation.id, problem, now());
    return { ok: false, problem };
  };

  // 0. One run per path at a time.
  if (!(await deps.claim(rotation.id, now()))) return { ok: false, problem: `A rotation of ${where} is already running.` };

  // 1. The token at the path now, from InfluxDB (its permissions and owner are copied).
  let original;
  try {
    original = await deps.gateway.getAuthorization(rotation.authorizationID);
  } catch (error) {
    return stop(
      'read-old',
      `Rotation of ${where} stopped: ${influxWords(error, 'read the token at the path')} The old token is untouched.`,
    );
  }
  if (!original) {
    return stop(
      'read-old',
      `Rotation of ${where} stopped: the token at the path (id ${rotation.authorizationID}) no longer exists in InfluxDB. Deliver a new token to the path.`,
    );
  }

  // 2. The successor: same permissions, owner and org.
  let successor;
  try {
    successor = await cloneAuthorization(deps.gateway, original, rotatedDescription(original.description));
  } catch (error) {
    return stop(
      'mint-successor',
      `Rotation of ${where} stopped: ${influxWords(error, 'create the successor')} The old token is untouched.`,
    );
  }
  await audit('success', 'mint-successor', { successor: successor.authorization.id });

  // 3. The successor as a new version of the same path.
  const data = secretData({ key: rotation.keyName, withUrlAndOrg: rotation.withUrlAndOrg }, successor.token, {
    url: deps.influxUrl,
    orgID: rotation.orgID,
  });
  const written = await deps.client.write(rotation.path, data);
  if (!written.ok) {
    // Nobody has the successor's value: delete it so the failed run leaves nothing behind.
    const removed = await deps.gateway.deleteAuthorization(successor.authorization.id).then(
      () => true,
      () => false,
    );
    return stop(
      'write',
      `Rotation of ${where} stopped: ${describeStoreProblem(deps.store, written.problem)} The old token is untouched and still at the path${
        removed ? '' : `; the successor (id ${successor.authorization.id}) could not be deleted, delete it in the inventory`
      }.`,
    );
  }
  await audit('success', 'write', { successor: successor.authorization.id, version: written.version }, successor.authorization.id);
  await deps
    .record({
      connectionID: rotation.connectionID,
      orgID: rotation.orgID,
      authorizationID: successor.authorization.id,
      storeID: rotation.storeID,
      kind: 'kv',
      path: rotation.path,
      version: written.version,
      keyName: rotation.keyName,
      wrapAccessor: null,
      wrapExpiresAt: null,
      deliveredBy: actor.id,
    })
    .catch(() => undefined);

  // 4. The old token keeps working for the grace period, then the scheduler deactivates it.
  const dueAt = now() + rotation.graceSeconds * 1000;
  try {
    const scheduleId = await deps.schedule({
      originalID: original.id,
      replacementID: successor.authorization.id,
      description: original.description,
      orgID: rotation.orgID,
      dueAt,
    });
    await audit('success', 'schedule-old', { successor: successor.authorization.id, scheduleId, dueAt: new Date(dueAt).toISOString() });
  } catch {
    await deps.finish(rotation.id, successor.authorization.id, now());
    const problem = `Rotation of ${where}: the successor is at the path (version ${written.version}), but the console could not schedule the old token's deactivation; deactivate token ${original.id} by hand.`;
    await audit('failure', 'schedule-old', { successor: successor.authorization.id });
    await deps.fail(rotation.id, problem, now());
    return { ok: false, problem };
  }

  await deps.finish(rotation.id, successor.authorization.id, now());
  const at = new Date(dueAt).toISOString();
  return {
    ok: true,
    successorID: successor.authorization.id,
    version: written.version,
    oldDeactivatesAt: at,
    message: `Rotated: ${where} is at version ${written.version} (token ${successor.authorization.id}); the old token stays active until ${at.replace('T', ' ').slice(0, 19)} UTC.`,
  };
}

function influxWords(error: unknown, doing: string): string {
  return error instanceof InfluxError ? describeInfluxError(error, { doing }) : `An unexpected error stopped the attempt to ${doing}.`;
}
