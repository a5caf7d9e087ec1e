import 'server-only';
// One-time form keys: a token form can mint at most once, however many times (or however
// concurrently) it is submitted. The claim is a single SQL statement, so it is atomic within one
// process and across console processes sharing the database (SQLite serialises writers).
// A key whose create failed for certain (InfluxDB answered no) may be claimed again by the same
// person; a key whose outcome is unknown never can (a token may exist upstream).
import { storage } from './db';
import type { Sql } from './sql';

export type FormKeyState = 'pending' | 'minted' | 'failed' | 'unknown';

export type FormKeyClaim = { claimed: true } | { claimed: false; state: FormKeyState; authorizationID?: string; sameActor: boolean };

export async function claimFormKey(key: string, actorId: string, sql: Sql = storage(), now = new Date()): Promise<FormKeyClaim> {
  const res = await sql.run(
    `INSERT INTO form_keys (key, actor_id, claimed_at, state) VALUES (?, ?, ?, 'pending')
     ON CONFLICT(key) DO UPDATE SET state = 'pending', claimed_at = excluded.claimed_at, authorization_id = NULL
     WHERE form_keys.state = 'failed' AND form_keys.actor_id = excluded.actor_id`,
    [key, actorId, now.toISOString()],
  );
  if (res.changes === 1) return { claimed: true };
  const row = await sql.get<{ actor_id: string; state: FormKeyState; authorization_id: string | null }>(
    'SELECT actor_id, state, authorization_id FROM form_keys WHERE key = ?',
    [key],
  );
  // The row cannot vanish (nothing deletes keys), but be explicit rather than assert.
  if (!row) return { claimed: false, state: 'pending', sameActor: false };
  return {
    claimed: false,
    state: row.state,
    sameActor: row.actor_id === actorId,
    ...(row.authorization_id ? { authorizationID: row.authorization_id } : {}),
  };
}

/** Records how the claimed attempt ended. Only a pending key moves. */
export async function settleFormKey(
  key: string,
  state: Exclude<FormKeyState, 'pending'>,
  authorizationID: string | undefined,
  sql: Sql = storage(),
): Promise<void> {
  await sql.run(`UPDATE form_keys SET state = ?, authorization_id = ? WHERE key = ? AND state = 'pending'`, [
    state,
    authorizationID ?? null,
    key,
  ]);
}
