// The expiry notice outbox: notices are recorded once when due (the schedule in
// lib/lifetimes/notice-schedule.ts decides which), then sent per channel; a channel that is down
// gets the notice again later with backoff, and a notice that was sent is never claimed again.
// Claims are leased, like scheduled deactivations: with two console processes on one data folder
// each row goes to one of them; a process that died mid-send leaves its claim to expire, and only
// then can the notice go out a second time (at least once, never twice otherwise).
// Free of Next.js: the database, channels and clock are passed in.
import type Database from 'better-sqlite3';
import { backoffDelay } from '@/lib/audit/forwarding/worker';
import { dueNotices, type NoticeKind } from '@/lib/lifetimes/notice-schedule';
import { redactString } from '@/lib/log/redact';
import { buildNotice, type NoticeFacts } from './message';

/** What the outbox needs of a channel: who it would tell, and how. */
export interface OutboxChannel {
  name: string;
  recipients(facts: NoticeFacts): string[];
  send(message: ReturnType<typeof buildNotice>, recipients: readonly string[]): Promise<void>;
}

/** A token with an expiry, as the scheduler hands it over (no kind yet; never a value). */
export interface TokenExpiry extends Omit<NoticeFacts, 'kind' | 'expiresAt'> {
  expiresAt: Date;
  /** When this expiry was set. */
  setAt: Date;
}

const NO_CHANNEL = '-';

/**
 * Records the notices now due for this token, in one IMMEDIATE transaction; returns the kinds it
 * queued for sending (empty when nothing was due or another process recorded them first).
 */
export function recordDueNotices(
  db: Database.Database,
  token: TokenExpiry,
  leads: readonly number[],
  channels: readonly Pick<OutboxChannel, 'name' | 'recipients'>[],
  now: Date,
): NoticeKind[] {
  const expiresAt = token.expiresAt.getTime();
  const insert = db.prepare(
    `INSERT INTO expiry_notices (authorization_id, expires_at, kind, channel, state, recipients, facts, due_at, created_at, next_attempt_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  return db
    .transaction((): NoticeKind[] => {
      const recorded = (
        db
          .prepare('SELECT DISTINCT kind FROM expiry_notices WHERE authorization_id = ? AND expires_at = ?')
          .all(token.tokenId, expiresAt) as {
          kind: NoticeKind;
        }[]
      ).map((r) => r.kind);
      const due = dueNotices({ expiresAt: token.expiresAt, setAt: token.setAt, leads, recorded, now });
      const at = now.getTime();
      for (const s of due.supersede) {
        insert.run(token.tokenId, expiresAt, s.kind, NO_CHANNEL, 'superseded', '[]', '{}', s.at.getTime(), at, at);
      }
      if (!due.send) return [];
      const { setAt: _setAt, ...rest } = token;
      // Stored as the message will show it: a value pasted into a description stays out of the table too.
      const facts: NoticeFacts = {
        ...rest,
        description: redactString(rest.description),
        kind: due.send.kind,
        expiresAt: token.expiresAt.toISOString(),
      };
      let queued = 0;
      for (const channel of channels) {
        const to = channel.recipients(facts);
        if (to.length === 0) continue;
        queued += insert.run(
          token.tokenId,
          expiresAt,
          facts.kind,
          channel.name,
          'pending',
          JSON.stringify(to),
          JSON.stringify(facts),
          due.send.at.getTime(),
          at,
          at,
        ).changes;
      }
      if (queued === 0) {
        insert.run(
          token.tokenId,
          expiresAt,
          facts.kind,
          NO_CHANNEL,
          'no-recipient',
          '[]',
          JSON.stringify(facts),
          due.send.at.getTime(),
          at,
          at,
        );
        return [];
      }
      return [facts.kind];
    })
    .immediate();
}

interface ClaimedRow {
  id: number;
  channel: string;
  recipients: string;
  facts: string;
  attempts: number;
}

function claim(db: Database.Database, owner: string, now: number, leaseMs: number, limit: number): ClaimedRow[] {
  return db
    .transaction(() => {
      const rows = db
        .prepare(
          `SELECT id, channel, recipients, facts, attempts FROM expiry_notices
           WHERE (state = 'pending' AND next_attempt_at <= ?) OR (state = 'sending' AND claimed_until <= ?)
           ORDER BY next_attempt_at, id LIMIT ?`,
        )
        .all(now, now, limit) as ClaimedRow[];
      const take = db.prepare(`UPDATE expiry_notices SET state = 'sending', claimed_by = ?, claimed_until = ? WHERE id = ?`);
      for (const r of rows) take.run(owner, now + leaseMs, r.id);
      return rows;
    })
    .immediate();
}

export interface SendPassOptions {
  /** Names this process's claims (host:pid:random). */
  owner: string;
  now?: () => Date;
  /** How long a claim is reserved: longer than the slowest send (channels time out after 10 s). */
  leaseMs?: number;
  /** First retry delay after a failure, doubled per failure up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  limit?: number;
  /** Notices sent at the same time (default 4). */
  concurrency?: number;
}

export interface SendPassResult {
  sent: number;
  failed: { id: number; channel: string; error: string; retryAt: Date }[];
}

/** Sends what is due now, once; a failure goes back to pending with its error and the next try. */
export async function sendDueNotices(
  db: Database.Database,
  channels: readonly OutboxChannel[],
  opts: SendPassOptions,
): Promise<SendPassResult> {
  const now = opts.now ?? (() => new Date());
  const base = opts.backoffMs ?? 60_000;
  const max = opts.maxBackoffMs ?? 3_600_000;
  const byName = new Map(channels.map((c) => [c.name, c]));
  const result: SendPassResult = { sent: 0, failed: [] };
  const markFailed = db.prepare(
    `UPDATE expiry_notices SET state = 'pending', attempts = attempts + 1, last_error = ?, last_error_at = ?,
       next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?`,
  );
  const markSent = db.prepare(
    `UPDATE expiry_notices SET state = 'sent', attempts = attempts + 1, sent_at = ?, claimed_until = NULL WHERE id = ? AND claimed_by = ?`,
  );
  async function deliver(row: ClaimedRow): Promise<void> {
    const channel = byName.get(row.channel);
    const facts = JSON.parse(row.facts) as NoticeFacts;
    try {
      if (!channel) throw new Error(`the ${row.channel} channel is no longer configured`);
      await channel.send(buildNotice(facts, now()), JSON.parse(row.recipients) as string[]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const at = now();
      const retryAt = new Date(at.getTime() + backoffDelay(row.attempts + 1, base, max));
      markFailed.run(message, at.getTime(), retryAt.getTime(), row.id, opts.owner);
      result.failed.push({ id: row.id, channel: row.channel, error: message, retryAt });
      return;
    }
    markSent.run(now().getTime(), row.id, opts.owner);
    result.sent += 1;
  }
  // A few at a time: a mail server takes a while per message (greeting, queueing), and a backlog
  // after downtime should not take minutes. Each worker claims one notice just before sending it,
  // so a claim's lease only has to outlast one send (channels give up after 10 s), however long
  // the backlog.
  let budget = opts.limit ?? 100;
  const worker = async () => {
    while (budget > 0) {
      budget -= 1;
      const [row] = claim(db, opts.owner, now().getTime(), opts.leaseMs ?? 60_000, 1);
      if (!row) return;
      await deliver(row);
    }
  };
  const workers = Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker);
  await Promise.all(workers);
  result.failed.sort((a, b) => a.id - b.id);
  return result;
}

export interface NoticeRow {
  id: number;
  tokenId: string;
  expiresAt: number;
  kind: NoticeKind;
  channel: string;
  state: 'pending' | 'sending' | 'sent' | 'superseded' | 'no-recipient';
  recipients: string[];
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  sentAt: number | null;
}

/** Every notice of a token, oldest first: for its page and for Settings. */
export function noticesOf(db: Database.Database, tokenId: string): NoticeRow[] {
  const rows = db.prepare('SELECT * FROM expiry_notices WHERE authorization_id = ? ORDER BY id').all(tokenId) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: r.id as number,
    tokenId: r.authorization_id as string,
    expiresAt: r.expires_at as number,
    kind: r.kind as NoticeKind,
    channel: r.channel as string,
    state: r.state as NoticeRow['state'],
    recipients: JSON.parse(r.recipients as string) as string[],
    attempts: r.attempts as number,
    nextAttemptAt: r.next_attempt_at as number,
    lastError: (r.last_error as string | null) ?? null,
    sentAt: (r.sent_at as number | null) ?? null,
  }));
}
