// One pass of the expiry notices, for the scheduler: record what is due for the tokens that carry
// an expiry, then send what the outbox holds. Most ticks find nothing due; that case stays cheap
// (a pure check per token, and one read of the outbox only for tokens with a notice time passed).
import { dueNotices, noticeStages, type NoticeKind } from '@/lib/lifetimes/notice-schedule';
import { storage } from '@/lib/storage/db';
import type { Sql } from '@/lib/storage/sql';
import {
  recordDueNotices,
  sendDueNotices,
  type OutboxChannel,
  type SendPassOptions,
  type SendPassResult,
  type TokenExpiry,
} from './outbox';

export interface NoticeTickDeps extends SendPassOptions {
  /** The console's storage (default: storage()). */
  sql?: Sql;
  tokens: Iterable<TokenExpiry>;
  /** Lead times in ms (CONSOLE_LIFETIMES_FILE notices.before). */
  leads: readonly number[];
  channels: readonly OutboxChannel[];
  /**
   * Stop sending after this long (wall clock); what is left goes out on the next tick. A backlog of
   * thousands of e-mails must not hold up the next tick's deactivations.
   */
  budgetMs?: number;
}

export interface NoticeTickResult extends SendPassResult {
  recorded: number;
}

const CHUNK = 500;

export async function noticeTick(deps: NoticeTickDeps): Promise<NoticeTickResult> {
  const now = deps.now ?? (() => new Date());
  const sql = deps.sql ?? storage();
  const at = now();
  // Tokens with a notice time passed; the others cannot have anything due.
  const candidates: TokenExpiry[] = [];
  for (const t of deps.tokens) {
    if (noticeStages(t.expiresAt, t.setAt, deps.leads).some((s) => s.at.getTime() <= at.getTime())) candidates.push(t);
  }
  let recorded = 0;
  for (let i = 0; i < candidates.length; i += CHUNK) {
    const chunk = candidates.slice(i, i + CHUNK);
    const rows = await sql.all<{ authorization_id: string; expires_at: number | string; kind: NoticeKind }>(
      `SELECT authorization_id, expires_at, kind FROM notice_outbox WHERE source = 'expiry' AND authorization_id IN (${chunk.map(() => '?').join(',')})`,
      chunk.map((t) => t.tokenId),
    );
    const seen = new Map<string, NoticeKind[]>();
    for (const r of rows) {
      // PostgreSQL hands BIGINT back as text.
      const key = `${r.authorization_id}@${Number(r.expires_at)}`;
      seen.set(key, [...(seen.get(key) ?? []), r.kind]);
    }
    for (const t of chunk) {
      const recordedKinds = seen.get(`${t.tokenId}@${t.expiresAt.getTime()}`) ?? [];
      const due = dueNotices({ expiresAt: t.expiresAt, setAt: t.setAt, leads: deps.leads, recorded: recordedKinds, now: at });
      // recordDueNotices decides again inside its transaction: another process may have been first.
      if (due.send || due.supersede.length > 0) recorded += (await recordDueNotices(t, deps.leads, deps.channels, at, sql)).length;
    }
  }
  const limit = deps.limit ?? 100;
  const total: SendPassResult = { sent: 0, failed: [] };
  const started = performance.now();
  for (;;) {
    const pass = await sendDueNotices(deps.channels, { ...deps, limit }, sql);
    total.sent += pass.sent;
    total.failed.push(...pass.failed);
    if (pass.sent + pass.failed.length < limit) break;
    if (deps.budgetMs !== undefined && performance.now() - started >= deps.budgetMs) break;
  }
  return { recorded, ...total };
}
