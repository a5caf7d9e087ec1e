// The notice outbox, one for every notice the console sends: expiry notices (recorded once when
// due; the schedule in lib/lifetimes/notice-schedule.ts decides which) and event notices (access
// request steps, failed rotations: event-notices.ts records them). Each is recorded once per
// channel, then sent; a channel that is down gets the notice again later with backoff, and a notice
// that was sent is never claimed again. Claims are leased, like scheduled deactivations: with two
// console processes on one data folder each row goes to one of them; a process that died mid-send
// leaves its claim to expire, and only then can the notice go out a second time (at least once,
// never twice otherwise). A row's `source` says how it becomes a message (outbox-schema.ts).
// Free of Next.js: channels and clock are passed in; storage is the one `Sql` interface (SQLite or
// PostgreSQL), the default handle unless one is passed.
import { randomUUID } from 'node:crypto';
import { backoffDelay } from '@/lib/audit/forwarding/worker';
import { dueNotices, type NoticeKind } from '@/lib/lifetimes/notice-schedule';
import { redactString } from '@/lib/log/redact';
import { storage } from '@/lib/storage/db';
import type { Sql } from '@/lib/storage/sql';
import type { OutgoingNotice } from './channels';
import { buildNotice, type NoticeFacts } from './message';

/** What the outbox needs of a channel to send: its name (stored on each row), and how. */
export interface SendingChannel {
  name: string;
  send(message: OutgoingNotice, recipients: readonly string[]): Promise<void>;
}

/** What expiry notices need of a channel: who it would tell, and how. */
export interface OutboxChannel extends SendingChannel {
  recipients(facts: NoticeFacts): string[];
}

/** A token with an expiry, as the scheduler hands it over (no kind yet; never a value). */
export interface TokenExpiry extends Omit<NoticeFacts, 'kind' | 'expiresAt'> {
  expiresAt: Date;
  /** When this expiry was set. */
  setAt: Date;
}

/** The channel of a row that records a notice handled without sending: superseded, or nobody to tell. */
export const NO_CHANNEL = '-';
/** Names the lock of the outbox's read-then-write transactions (PostgreSQL; SQLite serialises anyway). */
const LOCK = 'expiry-notices';

/** One row of the outbox, as recorded. */
export interface NewNotice {
  source: 'expiry' | 'event';
  key: string;
  kind: string;
  /** Expiry notices: the token and its expiry. */
  token?: { id: string; expiresAt: number };
  channel: string;
  state: 'pending' | 'superseded' | 'no-recipient';
  recipients: readonly string[];
  /** Expiry: the facts, JSON; event: the message, JSON. */
  payload: string;
  dueAt: number;
  at: number;
}

/** Records one row; nothing when that notice is already recorded on that channel. Returns the rows written (0 or 1). */
export async function insertNotice(sql: Sql, n: NewNotice): Promise<number> {
  const result = await sql.run(
    `INSERT INTO notice_outbox (id, source, notice_key, kind, authorization_id, expires_at, channel, state, recipients, payload,
       due_at, created_at, next_attempt_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    [
      randomUUID(),
      n.source,
      n.key,
      n.kind,
      n.token?.id ?? null,
      n.token?.expiresAt ?? null,
      n.channel,
      n.state,
      JSON.stringify(n.recipients),
      n.payload,
      n.dueAt,
      n.at,
      n.at,
    ],
  );
  return result.changes;
}

/** An expiry notice's key: the token, its expiry and the kind (a changed expiry is a new notice). */
export const expiryNoticeKey = (tokenId: string, expiresAt: number, kind: string) => `expiry:${tokenId}:${expiresAt}:${kind}`;

/**
 * Records the notices now due for this token, in one transaction; returns the kinds it queued for
 * sending (empty when nothing was due or another process recorded them first).
 */
export async function recordDueNotices(
  token: TokenExpiry,
  leads: readonly number[],
  channels: readonly Pick<OutboxChannel, 'name' | 'recipients'>[],
  now: Date,
  sql: Sql = storage(),
): Promise<NoticeKind[]> {
  const expiresAt = token.expiresAt.getTime();
  return sql.transaction(
    async (tx): Promise<NoticeKind[]> => {
      const at = now.getTime();
      const insert = (kind: NoticeKind, channel: string, state: NewNotice['state'], recipients: string[], facts: string, dueAt: number) =>
        insertNotice(tx, {
          source: 'expiry',
          key: expiryNoticeKey(token.tokenId, expiresAt, kind),
          kind,
          token: { id: token.tokenId, expiresAt },
          channel,
          state,
          recipients,
          payload: facts,
          dueAt,
          at,
        });
      const recorded = (
        await tx.all<{ kind: NoticeKind }>(
          "SELECT DISTINCT kind FROM notice_outbox WHERE source = 'expiry' AND authorization_id = ? AND expires_at = ?",
          [token.tokenId, expiresAt],
        )
      ).map((r) => r.kind);
      const due = dueNotices({ expiresAt: token.expiresAt, setAt: token.setAt, leads, recorded, now });
      for (const s of due.supersede) await insert(s.kind, NO_CHANNEL, 'superseded', [], '{}', s.at.getTime());
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
        queued += await insert(facts.kind, channel.name, 'pending', to, JSON.stringify(facts), due.send.at.getTime());
      }
      if (queued === 0) {
        await insert(facts.kind, NO_CHANNEL, 'no-recipient', [], JSON.stringify(facts), due.send.at.getTime());
        return [];
      }
      return [facts.kind];
    },
    { lock: LOCK },
  );
}

interface ClaimedRow {
  id: string;
  source: NewNotice['source'];
  channel: string;
  recipients: string;
  payload: string;
  attempts: number;
}

/** The message of a claimed row: an expiry notice's is built now (it says how long is left), an event's was stored. */
function messageOf(row: ClaimedRow, now: Date): OutgoingNotice {
  return row.source === 'expiry' ? buildNotice(JSON.parse(row.payload) as NoticeFacts, now) : (JSON.parse(row.payload) as OutgoingNotice);
}

/**
 * Claims the most overdue notice in one statement (atomic on its own in both dialects, so no
 * transaction is held across awaits). The outer condition is checked again on the row it updates:
 * on PostgreSQL, a second process that picked the same row waits for the first and then finds it
 * claimed, and gets nothing this time.
 */
async function claimOne(sql: Sql, owner: string, now: number, leaseMs: number): Promise<ClaimedRow | undefined> {
  const due = `((state = 'pending' AND next_attempt_at <= ?) OR (state = 'sending' AND claimed_until <= ?))`;
  const row = await sql.get<ClaimedRow>(
    `UPDATE notice_outbox SET state = 'sending', claimed_by = ?, claimed_until = ?
     WHERE id = (SELECT id FROM notice_outbox WHERE ${due} ORDER BY next_attempt_at, created_at, id LIMIT 1) AND ${due}
     RETURNING id, source, channel, recipients, payload, attempts`,
    [owner, now + leaseMs, now, now, now, now],
  );
  return row ? { ...row, attempts: Number(row.attempts) } : undefined;
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
  failed: { id: string; channel: string; error: string; retryAt: Date }[];
}

/**
 * Sends what is due now, of every source, once; a failure goes back to pending with its error and
 * the next try.
 */
export async function sendDueNotices(
  channels: readonly SendingChannel[],
  opts: SendPassOptions,
  sql: Sql = storage(),
): Promise<SendPassResult> {
  const now = opts.now ?? (() => new Date());
  const base = opts.backoffMs ?? 60_000;
  const max = opts.maxBackoffMs ?? 3_600_000;
  const byName = new Map(channels.map((c) => [c.name, c]));
  const result: SendPassResult = { sent: 0, failed: [] };
  async function deliver(row: ClaimedRow): Promise<void> {
    const channel = byName.get(row.channel);
    try {
      if (!channel) throw new Error(`the ${row.channel} channel is no longer configured`);
      await channel.send(messageOf(row, now()), JSON.parse(row.recipients) as string[]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const at = now();
      const retryAt = new Date(at.getTime() + backoffDelay(row.attempts + 1, base, max));
      await sql.run(
        `UPDATE notice_outbox SET state = 'pending', attempts = attempts + 1, last_error = ?, last_error_at = ?,
           next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?`,
        [message, at.getTime(), retryAt.getTime(), row.id, opts.owner],
      );
      result.failed.push({ id: row.id, channel: row.channel, error: message, retryAt });
      return;
    }
    await sql.run(
      `UPDATE notice_outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, claimed_until = NULL WHERE id = ? AND claimed_by = ?`,
      [now().getTime(), row.id, opts.owner],
    );
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
      const row = await claimOne(sql, opts.owner, now().getTime(), opts.leaseMs ?? 60_000);
      if (!row) return;
      await deliver(row);
    }
  };
  const workers = Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker);
  await Promise.all(workers);
  result.failed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return result;
}

export interface NoticeRow {
  id: string;
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

type Row = Record<string, string | number | null>;

const toNotice = (r: Row): NoticeRow => ({
  id: String(r.id),
  tokenId: String(r.authorization_id),
  expiresAt: Number(r.expires_at),
  kind: r.kind as NoticeKind,
  channel: String(r.channel),
  state: r.state as NoticeRow['state'],
  recipients: JSON.parse(String(r.recipients)) as string[],
  attempts: Number(r.attempts),
  nextAttemptAt: Number(r.next_attempt_at),
  lastError: (r.last_error as string | null) ?? null,
  sentAt: r.sent_at === null || r.sent_at === undefined ? null : Number(r.sent_at),
});

/** Every expiry notice of a token, in the order they were recorded: for its page and for Settings. */
export async function noticesOf(tokenId: string, sql: Sql = storage()): Promise<NoticeRow[]> {
  const rows = await sql.all<Row>(
    "SELECT * FROM notice_outbox WHERE source = 'expiry' AND authorization_id = ? ORDER BY created_at, due_at, channel",
    [tokenId],
  );
  return rows.map(toNotice);
}

/** Expiry notices a channel could not deliver yet (retried with backoff), newest first: Settings shows them. */
export async function undeliveredNotices(sql: Sql = storage(), limit = 50): Promise<NoticeRow[]> {
  const rows = await sql.all<Row>(
    `SELECT * FROM notice_outbox WHERE source = 'expiry' AND state IN ('pending', 'sending') AND attempts > 0 ORDER BY created_at DESC LIMIT ?`,
    [limit],
  );
  return rows.map(toNotice);
}
