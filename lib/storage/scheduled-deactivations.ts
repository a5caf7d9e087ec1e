import 'server-only';
// Deactivations the console has promised to carry out later ("replace" with a grace period).
// Rows live in the console's SQLite database, so they survive a restart. Claiming a due row is
// one IMMEDIATE transaction: with two console processes on one data folder, exactly one of them
// gets each row. A claim that was never finished (process killed) can be taken again after the
// lease; deactivating twice is harmless.
import type Database from 'better-sqlite3';
import type { AuditActor } from './audit';
import { database } from './db';

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
    id: r.id as number,
    kind: ((r.kind as string | undefined) ?? 'replace') as ScheduleKind,
    connectionID: (r.connection_id as string | undefined) ?? 'default',
    orgID: r.org_id as string,
    authorizationID: r.authorization_id as string,
    replacementID: (r.replacement_id as string | null) ?? null,
    description: r.description as string,
    dueAt: r.due_at as number,
    createdAt: r.created_at as string,
    requestedBy: {
      id: r.requested_by_id as string,
      name: (r.requested_by_name as string | null) ?? (r.requested_by_id as string),
      ...(r.requested_by_email ? { email: r.requested_by_email as string } : {}),
      role: r.requested_by_role as AuditActor['role'],
    },
    requestID: r.request_id as string,
    state: r.state as ScheduleState,
    attempts: r.attempts as number,
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

export function scheduleDeactivation(input: NewSchedule, db: Database.Database = database()): ScheduledDeactivation {
  const row = db
    .prepare(
      `INSERT INTO scheduled_deactivations
         (kind, expires_at, connection_id, org_id, authorization_id, replacement_id, description, due_at, created_at,
          requested_by_id, requested_by_name, requested_by_email, requested_by_role, request_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(
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
    ) as Row;
  return toSchedule(row);
}

/** Takes the most overdue row that is due (or abandoned), or undefined when none is. */
export function claimDue(
  worker: string,
  now: number,
  db: Database.Database = database(),
  leaseMs: number = CLAIM_LEASE_MS,
): ScheduledDeactivation | undefined {
  return db
    .transaction(() => {
      const due = db
        .prepare(
          `SELECT id FROM scheduled_deactivations
           WHERE (state = 'pending' AND due_at <= @now) OR (state = 'running' AND claimed_at <= @stale)
           ORDER BY due_at, id LIMIT 1`,
        )
        .get({ now, stale: now - leaseMs }) as { id: number } | undefined;
      if (!due) return undefined;
      const claimed = db
        .prepare(
          `UPDATE scheduled_deactivations
           SET state = 'running', claimed_by = @worker, claimed_at = @now, attempts = attempts + 1
           WHERE id = @id AND (state = 'pending' OR (state = 'running' AND claimed_at <= @stale))
           RETURNING *`,
        )
        .get({ id: due.id, worker, now, stale: now - leaseMs }) as Row | undefined;
      return claimed ? toSchedule(claimed) : undefined;
    })
    .immediate();
}

/** Ends a claim this worker holds. False when the claim was lost (taken over after the lease). */
export function finishClaim(
  id: number,
  worker: string,
  result: { state: 'done' | 'failed'; outcome: string },
  db: Database.Database = database(),
): boolean {
  const info = db
    .prepare(
      `UPDATE scheduled_deactivations SET state = @state, outcome = @outcome, finished_at = @at, claimed_by = NULL
       WHERE id = @id AND state = 'running' AND claimed_by = @worker`,
    )
    .run({ id, worker, state: result.state, outcome: result.outcome, at: new Date().toISOString() });
  return info.changes === 1;
}

/** Gives a claimed row back to try again at `dueAt` (e.g. InfluxDB was down). */
export function retryClaimLater(id: number, worker: string, dueAt: number, problem: string, db: Database.Database = database()): boolean {
  const info = db
    .prepare(
      `UPDATE scheduled_deactivations SET state = 'pending', due_at = @dueAt, last_problem = @problem, claimed_by = NULL, claimed_at = NULL
       WHERE id = @id AND state = 'running' AND claimed_by = @worker`,
    )
    .run({ id, worker, dueAt, problem });
  return info.changes === 1;
}

/** Cancels a row that has not started. False when it is running, finished or unknown. */
export function cancelSchedule(id: number, byID: string, db: Database.Database = database()): ScheduledDeactivation | undefined {
  const row = db
    .prepare(
      `UPDATE scheduled_deactivations SET state = 'cancelled', cancelled_by_id = @by, finished_at = @at
       WHERE id = @id AND state = 'pending' AND kind = 'replace' RETURNING *`,
    )
    .get({ id, by: byID, at: new Date().toISOString() }) as Row | undefined;
  return row ? toSchedule(row) : undefined;
}

export function getSchedule(id: number, db: Database.Database = database()): ScheduledDeactivation | undefined {
  const row = db.prepare('SELECT * FROM scheduled_deactivations WHERE id = ?').get(id) as Row | undefined;
  return row ? toSchedule(row) : undefined;
}

/** Pending and running replace rows of an org, soonest first (small: one per replace in its grace period). */
export function openSchedules(orgID: string, db: Database.Database = database(), connectionID = 'default'): ScheduledDeactivation[] {
  return (
    db
      .prepare(
        `SELECT * FROM scheduled_deactivations WHERE connection_id = ? AND org_id = ? AND kind = 'replace' AND state IN ('pending', 'running') ORDER BY due_at, id`,
      )
      .all(connectionID, orgID) as Row[]
  ).map(toSchedule);
}

/** Every replace row about one token, newest first (the detail page shows them; its expiry apart). */
export function schedulesFor(
  authorizationID: string,
  db: Database.Database = database(),
  connectionID = 'default',
): ScheduledDeactivation[] {
  return (
    db
      .prepare(
        `SELECT * FROM scheduled_deactivations WHERE connection_id = ? AND authorization_id = ? AND kind = 'replace' ORDER BY id DESC LIMIT 20`,
      )
      .all(connectionID, authorizationID) as Row[]
  ).map(toSchedule);
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
export function expiriesOf(connectionID: string, orgID: string, db: Database.Database = database()): Map<string, TokenExpiry> {
  const rows = db
    .prepare(
      `SELECT authorization_id, COALESCE(expires_at, due_at) AS due_at, state, last_problem, outcome FROM scheduled_deactivations
       WHERE kind = 'expiry' AND connection_id = ? AND org_id = ? ORDER BY id`,
    )
    .all(connectionID, orgID) as Row[];
  const out = new Map<string, TokenExpiry>();
  for (const r of rows) {
    const id = r.authorization_id as string;
    if (r.state === 'cancelled') {
      out.delete(id);
      continue;
    }
    out.set(id, {
      authorizationID: id,
      expiresAt: new Date(r.due_at as number).toISOString(),
      state: r.state as ScheduleState,
      lastProblem: ((r.state === 'failed' ? r.outcome : r.last_problem) as string | null) ?? null,
    });
  }
  return out;
}
