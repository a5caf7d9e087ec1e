import 'server-only';
// Deactivations the console has promised to carry out later ("replace" with a grace period).
// Rows live in the console's database, so they survive a restart. Claiming a due row is one
// transaction under the 'scheduler-claim' lock: with two console processes on one database,
// exactly one of them gets each row. A claim that was never finished (process killed) can be taken again after the
// lease; deactivating twice is harmless.
import type { AuditActor } from './audit';
import { storage } from './db';
import type { Sql } from './sql';

export type ScheduleState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';
/** replace: the original after a replace's grace period; expiry: the token's lifetime ended. */
export type ScheduleKind = 'replace' | 'expiry';

export interface ScheduledDeactivation {
  id: number;
  kind: ScheduleKind;
  /** The connection the token lives on ('default' for rows from before connections). */
  connectionID: string;
  orgID: string;
  authorizationID: string;
  replacementID: string | null;
  description: string;
  dueAt: number;
  createdAt: string;
  requestedBy: AuditActor;
  requestID: string;
  state: ScheduleState;
  attempts: number;
  claimedBy: string | null;
  finishedAt: string | null;
  /** 'deactivated' | 'already deleted' | the last problem, in words a person can act on. */
  outcome: string | null;
  lastProblem: string | null;
}

/**
 * A running claim older than this is taken to be abandoned (its process died). The scheduler
 * passes a longer lease derived from INFLUX_TIMEOUT_MS (lib/scheduler/lease.ts).
 */
export const CLAIM_LEASE_MS = 60_000;

type Row = Record<string, unknown>;

function toSchedule(r: Row): ScheduledDeactivation {
  return {
    id: Number(r.id),
    kind: ((r.kind as string | undefined) ?? 'replace') as ScheduleKind,
    connectionID: (r.connection_id as string | undefined) ?? 'default',
    orgID: r.org_id as string,
    authorizationID: r.authorization_id as string,
    replacementID: (r.replacement_id as string | null) ?? null,
    description: r.description as string,
    dueAt: Number(r.due_at),
    createdAt: r.created_at as string,
    requestedBy: {
      id: r.requested_by_id as string,
      name: (r.requested_by_name as string | null) ?? (r.requested_by_id as string),
      ...(r.requested_by_email ? { email: r.requested_by_email as string } : {}),
      role: r.requested_by_role as AuditActor['role'],
    },
    requestID: r.request_id as string,
    state: r.state as ScheduleState,
    attempts: Number(r.attempts),
    claimedBy: (r.claimed_by as string | null) ?? null,
    finishedAt: (r.finished_at as string | null) ?? null,
    outcome: (r.outcome as string | null) ?? null,
    lastProblem: (r.last_problem as string | null) ?? null,
  };
}

export interface NewSchedule {
  /** Absent: 'replace'. */
  kind?: ScheduleKind;
  /** Absent: 'default', the connection of a console without a connections file. */
  connectionID?: string;
  orgID: string;
  authorizationID: string;
  replacementID?: string;
  description: string;
  dueAt: number;
  requestedBy: AuditActor;
  requestID: string;
}

export async function scheduleDeactivation(input: NewSchedule, sql: Sql = storage()): Promise<ScheduledDeactivation> {
  const row = await sql.get<Row>(
    `INSERT INTO scheduled_deactivations
       (kind, expires_at, connection_id, org_id, authorization_id, replacement_id, description, due_at, created_at,
        requested_by_id, requested_by_name, requested_by_email, requested_by_role, request_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    [
      input.kind ?? 'replace',
      input.kind === 'expiry' ? input.dueAt : null,
      input.connectionID ?? 'default',
      input.orgID,
      input.authorizationID,
      input.replacementID ?? null,
      input.description,
      input.dueAt,
      new Date().toISOString(),
      input.requestedBy.id,
      input.requestedBy.name,
      input.requestedBy.email ?? null,
      input.requestedBy.role,
      input.requestID,
    ],
  );
  return toSchedule(row!);
}

/** Held while a claim reads the due rows and takes one, so two processes never take the same row. */
export const SCHEDULER_CLAIM_LOCK = 'scheduler-claim';

/** Takes the most overdue row that is due (or abandoned), or undefined when none is. */
export async function claimDue(
  worker: string,
  now: number,
  sql: Sql = storage(),
  leaseMs: number = CLAIM_LEASE_MS,
): Promise<ScheduledDeactivation | undefined> {
  const stale = now - leaseMs;
  return sql.transaction(
    async (tx) => {
      const due = await tx.get<{ id: number }>(
        `SELECT id FROM scheduled_deactivations
         WHERE (state = 'pending' AND due_at <= ?) OR (state = 'running' AND claimed_at <= ?)
         ORDER BY due_at, id LIMIT 1`,
        [now, stale],
      );
      if (!due) return undefined;
      const claimed = await tx.get<Row>(
        `UPDATE scheduled_deactivations
         SET state = 'running', claimed_by = ?, claimed_at = ?, attempts = attempts + 1
         WHERE id = ? AND (state = 'pending' OR (state = 'running' AND claimed_at <= ?))
         RETURNING *`,
        [worker, now, due.id, stale],
      );
      return claimed ? toSchedule(claimed) : undefined;
    },
    { lock: SCHEDULER_CLAIM_LOCK },
  );
}

/** Ends a claim this worker holds. False when the claim was lost (taken over after the lease). */
export async function finishClaim(
  id: number,
  worker: string,
  result: { state: 'done' | 'failed'; outcome: string },
  sql: Sql = storage(),
): Promise<boolean> {
  const info = await sql.run(
    `UPDATE scheduled_deactivations SET state = ?, outcome = ?, finished_at = ?, claimed_by = NULL
     WHERE id = ? AND state = 'running' AND claimed_by = ?`,
    [result.state, result.outcome, new Date().toISOString(), id, worker],
  );
  return info.changes === 1;
}

/** Gives a claimed row back to try again at `dueAt` (e.g. InfluxDB was down). */
export async function retryClaimLater(id: number, worker: string, dueAt: number, problem: string, sql: Sql = storage()): Promise<boolean> {
  const info = await sql.run(
    `UPDATE scheduled_deactivations SET state = 'pending', due_at = ?, last_problem = ?, claimed_by = NULL, claimed_at = NULL
     WHERE id = ? AND state = 'running' AND claimed_by = ?`,
    [dueAt, problem, id, worker],
  );
  return info.changes === 1;
}

/** Cancels a row that has not started. False when it is running, finished or unknown. */
export async function cancelSchedule(id: number, byID: string, sql: Sql = storage()): Promise<ScheduledDeactivation | undefined> {
  const row = await sql.get<Row>(
    `UPDATE scheduled_deactivations SET state = 'cancelled', cancelled_by_id = ?, finished_at = ?
     WHERE id = ? AND state = 'pending' AND kind = 'replace' RETURNING *`,
    [byID, new Date().toISOString(), id],
  );
  return row ? toSchedule(row) : undefined;
}

export async function getSchedule(id: number, sql: Sql = storage()): Promise<ScheduledDeactivation | undefined> {
  const row = await sql.get<Row>('SELECT * FROM scheduled_deactivations WHERE id = ?', [id]);
  return row ? toSchedule(row) : undefined;
}

/** Pending and running replace rows of an org, soonest first (small: one per replace in its grace period). */
export async function openSchedules(orgID: string, sql: Sql = storage(), connectionID = 'default'): Promise<ScheduledDeactivation[]> {
  const rows = await sql.all<Row>(
    `SELECT * FROM scheduled_deactivations WHERE connection_id = ? AND org_id = ? AND kind = 'replace' AND state IN ('pending', 'running') ORDER BY due_at, id`,
    [connectionID, orgID],
  );
  return rows.map(toSchedule);
}

/** Every replace row about one token, newest first (the detail page shows them; its expiry apart). */
export async function schedulesFor(
  authorizationID: string,
  sql: Sql = storage(),
  connectionID = 'default',
): Promise<ScheduledDeactivation[]> {
  const rows = await sql.all<Row>(
    `SELECT * FROM scheduled_deactivations WHERE connection_id = ? AND authorization_id = ? AND kind = 'replace' ORDER BY id DESC LIMIT 20`,
    [connectionID, authorizationID],
  );
  return rows.map(toSchedule);
}

/** A token's expiry as the inventory shows it: when, and whether the console has carried it out. */
export interface TokenExpiry {
  authorizationID: string;
  expiresAt: string;
  /** pending: not yet due or being retried; done: deactivated (or gone); failed: gave up. */
  state: ScheduleState;
  /** The last refusal from InfluxDB while it is retried, or why it gave up. */
  lastProblem: string | null;
}

/**
 * The stored expiries of a connection's org, by token (the latest row per token; a cancelled one
 * means no expiry). One query per list read; the index keeps it cheap.
 */
export async function expiriesOf(connectionID: string, orgID: string, sql: Sql = storage()): Promise<Map<string, TokenExpiry>> {
  const rows = await sql.all<Row>(
    `SELECT authorization_id, COALESCE(expires_at, due_at) AS due_at, state, last_problem, outcome FROM scheduled_deactivations
     WHERE kind = 'expiry' AND connection_id = ? AND org_id = ? ORDER BY id`,
    [connectionID, orgID],
  );
  const out = new Map<string, TokenExpiry>();
  for (const r of rows) {
    const id = r.authorization_id as string;
    if (r.state === 'cancelled') {
      out.delete(id);
      continue;
    }
    out.set(id, {
      authorizationID: id,
      expiresAt: new Date(Number(r.due_at)).toISOString(),
      state: r.state as ScheduleState,
      lastProblem: ((r.state === 'failed' ? r.outcome : r.last_problem) as string | null) ?? null,
    });
  }
  return out;
}
