// Who minted which token here, from the audit trail's token.create success rows (a mint, a clone
// or a replacement). A token without such a row was minted "outside the console" (influx CLI, the
// InfluxDB UI, another tool) or before the trail was kept. Each function is one SQL query, so the
// inventory asks once per page, never once per row.
import type Database from 'better-sqlite3';
import { OUTSIDE_THE_CONSOLE } from '@/lib/inventory/minted-by-filter';

export interface Minter {
  id: string;
  name: string;
}

const CREATED = "action = 'token.create' AND outcome = 'success' AND authorization_id IS NOT NULL";

/** The minter of each of these tokens that was minted here (the first success row wins). */
export function mintersOf(ids: readonly string[], db: Database.Database): Map<string, Minter> {
  const out = new Map<string, Minter>();
  if (ids.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT authorization_id, actor_id, actor_name FROM audit_events
       WHERE ${CREATED} AND authorization_id IN (${ids.map(() => '?').join(',')}) ORDER BY id`,
    )
    .all(...ids) as { authorization_id: string; actor_id: string; actor_name: string | null }[];
  for (const r of rows) if (!out.has(r.authorization_id)) out.set(r.authorization_id, { id: r.actor_id, name: r.actor_name ?? r.actor_id });
  return out;
}

/**
 * The ids a filter keeps: the tokens this person minted, or (OUTSIDE_THE_CONSOLE) every token
 * minted here, which the filter then leaves out.
 */
export function tokensMintedBy(minter: string, db: Database.Database): Set<string> {
  const rows =
    minter === OUTSIDE_THE_CONSOLE
      ? db.prepare(`SELECT DISTINCT authorization_id AS id FROM audit_events WHERE ${CREATED}`).all()
      : db.prepare(`SELECT DISTINCT authorization_id AS id FROM audit_events WHERE ${CREATED} AND actor_id = ?`).all(minter);
  return new Set((rows as { id: string }[]).map((r) => r.id));
}

/** Everyone who minted a token here, for the filter's choices (their latest name). */
export function consoleMinters(db: Database.Database): Minter[] {
  const rows = db
    .prepare(
      `SELECT actor_id, (SELECT actor_name FROM audit_events n WHERE n.actor_id = e.actor_id AND n.actor_name IS NOT NULL ORDER BY n.id DESC LIMIT 1) AS name
       FROM audit_events e WHERE ${CREATED} GROUP BY actor_id`,
    )
    .all() as { actor_id: string; name: string | null }[];
  return rows.map((r) => ({ id: r.actor_id, name: r.name ?? r.actor_id })).sort((a, b) => a.name.localeCompare(b.name));
}
