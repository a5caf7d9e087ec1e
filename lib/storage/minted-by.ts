// Who minted which token here, from the audit trail's token.create success rows (a mint, a clone
// or a replacement). A token without such a row was minted "outside the console" (influx CLI, the
// InfluxDB UI, another tool) or before the trail was kept. Each function is one SQL query, so the
// inventory asks once per page, never once per row.
import { OUTSIDE_THE_CONSOLE } from '@/lib/inventory/minted-by-filter';
import { storage } from './db';
import type { Sql } from './sql';

export interface Minter {
  id: string;
  name: string;
}

const CREATED = "action = 'token.create' AND outcome = 'success' AND authorization_id IS NOT NULL";

/** The minter of each of these tokens that was minted here (the first success row wins). */
export async function mintersOf(ids: readonly string[], sql: Sql = storage()): Promise<Map<string, Minter>> {
  const out = new Map<string, Minter>();
  if (ids.length === 0) return out;
  const rows = await sql.all<{ authorization_id: string; actor_id: string; actor_name: string | null }>(
    `SELECT authorization_id, actor_id, actor_name FROM audit_events
     WHERE ${CREATED} AND authorization_id IN (${ids.map(() => '?').join(',')}) ORDER BY id`,
    ids,
  );
  for (const r of rows) if (!out.has(r.authorization_id)) out.set(r.authorization_id, { id: r.actor_id, name: r.actor_name ?? r.actor_id });
  return out;
}

/**
 * The ids a filter keeps: the tokens this person minted, or (OUTSIDE_THE_CONSOLE) every token
 * minted here, which the filter then leaves out.
 */
export async function tokensMintedBy(minter: string, sql: Sql = storage()): Promise<Set<string>> {
  const rows =
    minter === OUTSIDE_THE_CONSOLE
      ? await sql.all<{ id: string }>(`SELECT DISTINCT authorization_id AS id FROM audit_events WHERE ${CREATED}`)
      : await sql.all<{ id: string }>(`SELECT DISTINCT authorization_id AS id FROM audit_events WHERE ${CREATED} AND actor_id = ?`, [
          minter,
        ]);
  return new Set(rows.map((r) => r.id));
}

/** Everyone who minted a token here, for the filter's choices (their latest name). */
export async function consoleMinters(sql: Sql = storage()): Promise<Minter[]> {
  const rows = await sql.all<{ actor_id: string; name: string | null }>(
    `SELECT actor_id, (SELECT actor_name FROM audit_events n WHERE n.actor_id = e.actor_id AND n.actor_name IS NOT NULL ORDER BY n.id DESC LIMIT 1) AS name
     FROM audit_events e WHERE ${CREATED} GROUP BY actor_id`,
  );
  return rows.map((r) => ({ id: r.actor_id, name: r.name ?? r.actor_id })).sort((a, b) => a.name.localeCompare(b.name));
}
