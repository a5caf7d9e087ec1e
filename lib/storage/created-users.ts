import 'server-only';
// InfluxDB users this console created while minting for a new user, keyed by the operation (the
// request id of that mint). It is what makes "delete the user that was just created" safe: the
// action takes an operation id, never a user id, and may delete only a user recorded here, for the
// same person, within a day, while no token was minted for it. The claim is one UPDATE, so two
// concurrent deletes (or a delete racing a crafted replay) cannot both proceed.
import { storage } from './db';
import type { Sql } from './sql';

export type CreatedUserState = 'no-token' | 'has-token' | 'deleting' | 'deleted';

export interface CreatedUser {
  operationId: string;
  /** The connection the user was created on ('default' for rows from before connections). */
  connectionID?: string;
  userID: string;
  userName: string;
  orgID: string;
  actorId: string;
  createdAt: string;
  state: CreatedUserState;
}

/** How long "just created" lasts for the delete button. */
export const DELETE_WINDOW_MS = 24 * 60 * 60 * 1000;

export async function recordCreatedUser(
  u: Omit<CreatedUser, 'createdAt' | 'state'>,
  sql: Sql = storage(),
  now = new Date(),
): Promise<void> {
  await sql.run(
    `INSERT INTO created_influx_users (operation_id, connection_id, user_id, user_name, org_id, actor_id, created_at, state, state_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'no-token', ?)`,
    [u.operationId, u.connectionID ?? 'default', u.userID, u.userName, u.orgID, u.actorId, now.toISOString(), now.toISOString()],
  );
}

/** A token now exists for this user: deleting it here would kill that token, so never again. */
export async function markUserHasToken(userID: string, sql: Sql = storage(), now = new Date()): Promise<void> {
  await sql.run(
    `UPDATE created_influx_users SET state = 'has-token', state_at = ? WHERE user_id = ? AND state IN ('no-token', 'deleting')`,
    [now.toISOString(), userID],
  );
}

export async function getCreatedUser(operationId: string, sql: Sql = storage()): Promise<CreatedUser | undefined> {
  const r = await sql.get<Record<string, string>>('SELECT * FROM created_influx_users WHERE operation_id = ?', [operationId]);
  return r ? toCreatedUser(r) : undefined;
}

export type DeletionClaim =
  | { claimed: true; user: CreatedUser }
  | { claimed: false; reason: 'unknown' | 'other-person' | 'has-token' | 'deleting' | 'deleted' | 'expired'; user?: CreatedUser };

export async function claimDeletion(operationId: string, actorId: string, sql: Sql = storage(), now = new Date()): Promise<DeletionClaim> {
  const since = new Date(now.getTime() - DELETE_WINDOW_MS).toISOString();
  const res = await sql.run(
    `UPDATE created_influx_users SET state = 'deleting', state_at = ?
     WHERE operation_id = ? AND actor_id = ? AND state = 'no-token' AND created_at >= ?`,
    [now.toISOString(), operationId, actorId, since],
  );
  const user = await getCreatedUser(operationId, sql);
  if (res.changes === 1 && user) return { claimed: true, user };
  if (!user) return { claimed: false, reason: 'unknown' };
  if (user.actorId !== actorId) return { claimed: false, reason: 'other-person' };
  if (user.state !== 'no-token') return { claimed: false, reason: user.state, user };
  return { claimed: false, reason: 'expired', user };
}

/** Ends a claimed deletion: deleted, or back to no-token when InfluxDB said no. */
export async function settleDeletion(
  operationId: string,
  outcome: 'deleted' | 'no-token',
  sql: Sql = storage(),
  now = new Date(),
): Promise<void> {
  await sql.run(`UPDATE created_influx_users SET state = ?, state_at = ? WHERE operation_id = ? AND state = 'deleting'`, [
    outcome,
    now.toISOString(),
    operationId,
  ]);
}

function toCreatedUser(r: Record<string, string>): CreatedUser {
  return {
    operationId: r.operation_id!,
    connectionID: r.connection_id ?? 'default',
    userID: r.user_id!,
    userName: r.user_name!,
    orgID: r.org_id!,
    actorId: r.actor_id!,
    createdAt: r.created_at!,
    state: r.state as CreatedUserState,
  };
}
