import 'server-only';
// A token's stored expiry, set, changed or removed after minting (an admin, from the inventory), and
// the expiries the notice pass reads. Expiries are scheduled deactivations of kind 'expiry'
// (migration 9): changing one cancels the pending row and adds a new one, so the scheduler's claims,
// retries and audit stay as they are, and the notice outbox sees a new (token, expiry) key.
// Through the one storage interface (`Sql`), in the SQL SQLite and PostgreSQL both read.
import { storage } from '@/lib/storage/db';
import type { Sql } from '@/lib/storage/sql';

export interface ExpiryActor {
  id: string;
  name: string;
  email?: string | undefined;
  role: string;
}

export interface ExpiryChange {
  connectionID: string;
  orgID: string;
  authorizationID: string;
  description: string;
  /** null: no expiry any more. */
  expiresAt: Date | null;
  actor: ExpiryActor;
  requestID: string;
}

export interface ExpiryChangeResult {
  /** The expiry before the change (ms), if the token had one still to be carried out. */
  previous: number | null;
}

/**
 * Replaces the token's pending expiry with `expiresAt` (or none), in one transaction. A row the
 * scheduler is carrying out right now is left to finish: the token is expiring as it is changed.
 */
export async function setStoredExpiry(change: ExpiryChange, sql: Sql = storage()): Promise<ExpiryChangeResult> {
  return sql.transaction(
    async (tx) => {
      const open = await tx.all<{ id: number; expires_at: number | string | null; due_at: number | string }>(
        `SELECT id, expires_at, due_at FROM scheduled_deactivations
         WHERE kind = 'expiry' AND connection_id = ? AND authorization_id = ? AND state = 'pending' ORDER BY id`,
        [change.connectionID, change.authorizationID],
      );
      const at = new Date().toISOString();
      for (const row of open) {
        await tx.run(
          `UPDATE scheduled_deactivations SET state = 'cancelled', cancelled_by_id = ?, finished_at = ? WHERE id = ? AND state = 'pending'`,
          [change.actor.id, at, row.id],
        );
      }
      if (change.expiresAt !== null) {
        const due = change.expiresAt.getTime();
        await tx.run(
          `INSERT INTO scheduled_deactivations
             (kind, expires_at, connection_id, org_id, authorization_id, replacement_id, description, due_at, created_at,
              requested_by_id, requested_by_name, requested_by_email, requested_by_role, request_id)
           VALUES ('expiry', ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            due,
            change.connectionID,
            change.orgID,
            change.authorizationID,
            change.description,
            due,
            at,
            change.actor.id,
            change.actor.name,
            change.actor.email ?? null,
            change.actor.role,
            change.requestID,
          ],
        );
      }
      const last = open.at(-1);
      return { previous: last ? Number(last.expires_at ?? last.due_at) : null };
    },
    { lock: 'scheduled-deactivations' },
  );
}

/** A pending expiry, as the notice pass needs it (never a token value: the table holds none). */
export interface PendingExpiry {
  connectionID: string;
  orgID: string;
  authorizationID: string;
  description: string;
  expiresAt: Date;
  /** When this expiry was set (minted, or changed by an admin). */
  setAt: Date;
  /** Who set it: the minter, or the admin who changed it. */
  setBy: { id: string; name: string; email?: string };
  state: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  lastProblem: string | null;
}

type PendingRow = Record<string, string | number | null>;

const toPending = (r: PendingRow): PendingExpiry => ({
  connectionID: String(r.connection_id),
  orgID: String(r.org_id),
  authorizationID: String(r.authorization_id),
  description: String(r.description ?? ''),
  expiresAt: new Date(Number(r.expires_at ?? r.due_at)),
  setAt: new Date(String(r.created_at)),
  setBy: {
    id: String(r.requested_by_id),
    name: String(r.requested_by_name ?? r.requested_by_id),
    ...(r.requested_by_email ? { email: String(r.requested_by_email) } : {}),
  },
  state: r.state as PendingExpiry['state'],
  attempts: Number(r.attempts),
  lastProblem: (r.last_problem as string | null) ?? null,
});

/**
 * Every expiry the console still has to carry out or tell about: pending or running rows (an
 * expired token whose deactivation is being retried stays pending), and rows carried out since
 * `doneSince` (ms), whose "expired" notice may still be due: the deactivation runs first on a tick.
 * One read per scheduler tick.
 */
export async function openExpiries(
  sql: Sql = storage(),
  doneSince: number = Date.now() - 7 * 86_400_000,
  /** Only expiries at or before this (ms): the notice pass passes now + its longest lead time. */
  until: number = Number.MAX_SAFE_INTEGER,
): Promise<PendingExpiry[]> {
  const rows = await sql.all<PendingRow>(
    `SELECT connection_id, org_id, authorization_id, description, expires_at, due_at, created_at, requested_by_id,
            requested_by_name, requested_by_email, state, attempts, last_problem
     FROM scheduled_deactivations
     WHERE kind = 'expiry' AND expires_at <= ? AND (state IN ('pending', 'running') OR (state IN ('done', 'failed') AND expires_at >= ?))
     ORDER BY id`,
    [until, doneSince],
  );
  return rows.map(toPending);
}

/**
 * Expired tokens InfluxDB still accepts: the deactivation failed and is retried, or was given up.
 * Settings lists them for an admin. Bounded: the latest 100.
 */
export async function stuckExpiries(now: Date, sql: Sql = storage()): Promise<PendingExpiry[]> {
  const rows = await sql.all<PendingRow>(
    `SELECT connection_id, org_id, authorization_id, description, expires_at, due_at, created_at, requested_by_id,
            requested_by_name, requested_by_email, state, attempts, outcome, last_problem
     FROM scheduled_deactivations s
     WHERE kind = 'expiry' AND ((state IN ('pending', 'running') AND expires_at <= ? AND attempts > 0) OR state = 'failed')
       AND NOT EXISTS (SELECT 1 FROM scheduled_deactivations later WHERE later.kind = 'expiry' AND later.connection_id = s.connection_id
                       AND later.authorization_id = s.authorization_id AND later.id > s.id)
     ORDER BY id DESC LIMIT 100`,
    [now.getTime()],
  );
  return rows.map((r) => ({
    ...toPending(r),
    lastProblem: ((r.state === 'failed' ? r.outcome : r.last_problem) as string | null) ?? null,
  }));
}
