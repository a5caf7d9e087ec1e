import 'server-only';
// KV paths the console keeps rotating (issue 17): which token is at the path now, how often it is
// replaced (null: on demand only), the grace period the old one keeps working, and the last
// failure in words. A run is claimed with one conditional UPDATE, so two console processes never
// rotate the same path at once; a claim older than the lease is taken to be abandoned.
import { storage } from './db';
import type { Sql } from './sql';

export type RotationState = 'idle' | 'running' | 'failed';

export interface SecretRotation {
  id: string;
  connectionID: string;
  orgID: string;
  storeID: string;
  path: string;
  keyName: string;
  withUrlAndOrg: boolean;
  authorizationID: string;
  everySeconds: number | null;
  graceSeconds: number;
  nextDueAt: number | null;
  state: RotationState;
  lastProblem: string | null;
  lastRotatedAt: string | null;
  createdBy: string;
}

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toRotation(r: Row): SecretRotation {
  return {
    id: r.id as string,
    connectionID: r.connection_id as string,
    orgID: r.org_id as string,
    storeID: r.store_id as string,
    path: r.path as string,
    keyName: r.key_name as string,
    withUrlAndOrg: Number(r.with_url_and_org) === 1,
    authorizationID: r.authorization_id as string,
    everySeconds: num(r.every_seconds),
    graceSeconds: Number(r.grace_seconds),
    nextDueAt: num(r.next_due_at),
    state: r.state as RotationState,
    lastProblem: (r.last_problem as string | null) ?? null,
    lastRotatedAt: (r.last_rotated_at as string | null) ?? null,
    createdBy: r.created_by as string,
  };
}

export const rotationId = (storeID: string, path: string) => `${storeID}:${path}`;

export type RotationInput = Omit<SecretRotation, 'id' | 'nextDueAt' | 'state' | 'lastProblem' | 'lastRotatedAt'>;

/** The path's rotation after a delivery: the new token is the one at the path from now on. */
export async function upsertRotation(r: RotationInput, now: number, sql: Sql = storage()): Promise<SecretRotation> {
  const id = rotationId(r.storeID, r.path);
  const nextDueAt = r.everySeconds ? now + r.everySeconds * 1000 : null;
  const row = await sql.get<Row>(
    `INSERT INTO secret_rotations (id, connection_id, org_id, store_id, path, key_name, with_url_and_org, authorization_id,
       every_seconds, grace_seconds, next_due_at, state, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'idle', ?)
     ON CONFLICT (id) DO UPDATE SET connection_id = excluded.connection_id, org_id = excluded.org_id, key_name = excluded.key_name,
       with_url_and_org = excluded.with_url_and_org, authorization_id = excluded.authorization_id,
       every_seconds = excluded.every_seconds, grace_seconds = excluded.grace_seconds, next_due_at = excluded.next_due_at,
       state = 'idle', claimed_at = NULL, last_problem = NULL
     RETURNING *`,
    [
      id,
      r.connectionID,
      r.orgID,
      r.storeID,
      r.path,
      r.keyName,
      r.withUrlAndOrg ? 1 : 0,
      r.authorizationID,
      r.everySeconds,
      r.graceSeconds,
      nextDueAt,
      r.createdBy,
    ],
  );
  return toRotation(row!);
}

export async function getRotation(id: string, sql: Sql = storage()): Promise<SecretRotation | undefined> {
  const row = await sql.get<Row>('SELECT * FROM secret_rotations WHERE id = ?', [id]);
  return row ? toRotation(row) : undefined;
}

/** The rotation of the path a token is at now, if any. */
export async function rotationOfToken(authorizationID: string, sql: Sql = storage()): Promise<SecretRotation | undefined> {
  const row = await sql.get<Row>('SELECT * FROM secret_rotations WHERE authorization_id = ?', [authorizationID]);
  return row ? toRotation(row) : undefined;
}

/** Rotations due now; failed ones wait for the next period (or a person's "rotate now"). */
export async function dueRotations(now: number, sql: Sql = storage()): Promise<SecretRotation[]> {
  const rows = await sql.all<Row>(
    `SELECT * FROM secret_rotations WHERE next_due_at IS NOT NULL AND next_due_at <= ? AND state <> 'running' ORDER BY next_due_at LIMIT 20`,
    [now],
  );
  return rows.map(toRotation);
}

/** Rotations whose last run failed, for Settings. */
export async function failedRotations(sql: Sql = storage()): Promise<SecretRotation[]> {
  const rows = await sql.all<Row>(`SELECT * FROM secret_rotations WHERE state = 'failed' ORDER BY id`);
  return rows.map(toRotation);
}

/** Claims a run; false when another process holds a claim younger than `leaseMs`. */
export async function claimRotation(id: string, now: number, leaseMs: number, sql: Sql = storage()): Promise<boolean> {
  const r = await sql.run(
    `UPDATE secret_rotations SET state = 'running', claimed_at = ? WHERE id = ? AND (state <> 'running' OR claimed_at IS NULL OR claimed_at < ?)`,
    [now, id, now - leaseMs],
  );
  return r.changes === 1;
}

/** The run worked: the successor is at the path, the next run is one period on. */
export async function finishRotation(id: string, successorID: string, now: number, sql: Sql = storage()): Promise<void> {
  await sql.run(
    `UPDATE secret_rotations SET state = 'idle', claimed_at = NULL, authorization_id = ?, last_problem = NULL, last_rotated_at = ?,
       next_due_at = CASE WHEN every_seconds IS NULL THEN NULL ELSE CAST(? AS BIGINT) + CAST(every_seconds AS BIGINT) * 1000 END
     WHERE id = ?`,
    [successorID, new Date(now).toISOString(), now, id],
  );
}

/** The run stopped: the old token is untouched; tried again one period on. */
export async function failRotation(id: string, problem: string, now: number, sql: Sql = storage()): Promise<void> {
  await sql.run(
    `UPDATE secret_rotations SET state = 'failed', claimed_at = NULL, last_problem = ?,
       next_due_at = CASE WHEN every_seconds IS NULL THEN NULL ELSE CAST(? AS BIGINT) + CAST(every_seconds AS BIGINT) * 1000 END
     WHERE id = ?`,
    [problem.slice(0, 1000), now, id],
  );
}
