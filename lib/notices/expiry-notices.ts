// From the stored expiries to the notice pass: which tokens have a notice time passed, with the
// facts a notice needs (org name, the token's page, who minted it). Free of Next.js: the lookups
// are passed in, so the scheduler, the bench and the tests run the same code.
import { openExpiries, type PendingExpiry } from '@/lib/lifetimes/expiry-store';
import { noticeStages } from '@/lib/lifetimes/notice-schedule';
import type { Sql } from '@/lib/storage/sql';
import { tokenPageUrl } from './message';
import { noticeTick, type NoticeTickResult } from './notice-tick';
import type { OutboxChannel, TokenExpiry } from './outbox';

export interface NoticeFactsDeps {
  /** The console's public URL (AUTH_URL): notices link to the token's page there. */
  consoleUrl: string;
  /** The org's name; its id when InfluxDB cannot tell (down, or the org is gone). */
  orgName(connectionID: string, orgID: string): Promise<string>;
  /** The connection's label and its scope in links, when the console has several (absent: one). */
  connection?(connectionID: string): { label: string; id: string } | undefined;
}

/** Expiries with a notice (a lead time, or the expiry itself) at or before `now`. Pure and cheap. */
export function withNoticeDue(expiries: readonly PendingExpiry[], leads: readonly number[], now: Date): PendingExpiry[] {
  return expiries.filter((e) => noticeStages(e.expiresAt, e.setAt, leads).some((s) => s.at.getTime() <= now.getTime()));
}

const CREATED = "action = 'token.create' AND outcome = 'success' AND authorization_id IS NOT NULL";

/** Who minted each token through the console (the audit trail's first token.create), with their e-mail. */
export async function mintersWithEmail(ids: readonly string[], sql: Sql): Promise<Map<string, { name?: string; email?: string }>> {
  const out = new Map<string, { name?: string; email?: string }>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await sql.all<{ authorization_id: string; actor_name: string | null; actor_email: string | null }>(
      `SELECT authorization_id, actor_name, actor_email FROM audit_events WHERE ${CREATED} AND authorization_id IN (${chunk.map(() => '?').join(',')}) ORDER BY id`,
      chunk,
    );
    for (const r of rows) {
      if (out.has(r.authorization_id)) continue;
      out.set(r.authorization_id, { ...(r.actor_name ? { name: r.actor_name } : {}), ...(r.actor_email ? { email: r.actor_email } : {}) });
    }
  }
  return out;
}

/** The notice pass's view of these expiries. Never a token value: the table holds none. */
export async function tokensForNotices(due: readonly PendingExpiry[], deps: NoticeFactsDeps, sql: Sql): Promise<TokenExpiry[]> {
  const minters = await mintersWithEmail(
    due.map((e) => e.authorizationID),
    sql,
  );
  const names = new Map<string, string>();
  const out: TokenExpiry[] = [];
  for (const e of due) {
    const orgKey = `${e.connectionID}/${e.orgID}`;
    if (!names.has(orgKey)) names.set(orgKey, await deps.orgName(e.connectionID, e.orgID));
    const connection = deps.connection?.(e.connectionID);
    const page = new URL(tokenPageUrl(deps.consoleUrl, e.authorizationID));
    if (connection) {
      page.searchParams.set('connection', connection.id);
      page.searchParams.set('org', e.orgID);
    }
    // A token minted here: its minter. One whose expiry an admin set later: that admin, who chose it.
    const creator = minters.get(e.authorizationID) ?? { name: e.setBy.name, ...(e.setBy.email ? { email: e.setBy.email } : {}) };
    out.push({
      tokenId: e.authorizationID,
      description: e.description,
      orgName: names.get(orgKey)!,
      ...(connection ? { connectionName: connection.label } : {}),
      tokenUrl: page.toString(),
      creator,
      expiresAt: e.expiresAt,
      setAt: e.setAt,
    });
  }
  return out;
}

const WEEK = 7 * 86_400_000;

/**
 * One notice pass over the stored expiries, as the scheduler runs it after the deactivations: only
 * expiries within the longest lead time are read (the others cannot have a notice due), those with
 * a notice time passed get their facts, then the outbox records and sends. Expiries carried out in
 * the last week are read too: their "expired" notice may still be due.
 */
export async function noticePass(deps: {
  sql: Sql;
  leads: readonly number[];
  channels: readonly OutboxChannel[];
  owner: string;
  now: Date;
  facts: NoticeFactsDeps;
  /** Wall-clock budget of the sending (see noticeTick). */
  budgetMs?: number;
}): Promise<NoticeTickResult> {
  const at = deps.now.getTime();
  const horizon = at + Math.max(0, ...deps.leads);
  const due = withNoticeDue(await openExpiries(deps.sql, at - WEEK, horizon), deps.leads, deps.now);
  const tokens = await tokensForNotices(due, deps.facts, deps.sql);
  return noticeTick({
    sql: deps.sql,
    tokens,
    leads: deps.leads,
    channels: deps.channels,
    owner: deps.owner,
    now: () => deps.now,
    ...(deps.budgetMs !== undefined ? { budgetMs: deps.budgetMs } : {}),
  });
}
