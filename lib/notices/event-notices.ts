// The outbox of event notices (access request steps, failed rotations), beside the expiry notices'
// own (outbox.ts) and working the same way: a notice is recorded once per event and channel, then
// sent; a channel that is down gets it again later with backoff; claims are leased, so with two
// console processes each notice goes to one of them (a process that died mid-send leaves its claim
// to expire, and only then can the notice go out a second time). Free of Next.js: channels and
// clock are passed in; storage is the one `Sql` interface.
import { randomUUID } from 'node:crypto';
import { backoffDelay } from '@/lib/audit/forwarding/worker';
import { storage } from '@/lib/storage/db';
import type { Sql } from '@/lib/storage/sql';
import type { Audience, EventMessage, EventNotice } from './event-messages';

/** What the event outbox needs of a channel: whom it tells for an audience, and how. */
export interface EventChannel {
  name: string;
  recipients(audience: Audience): string[];
  send(message: EventMessage, recipients: readonly string[]): Promise<void>;
}

/** The configured channels (channels.ts) for events: e-mail goes to the team or the person, a webhook to its one target. */
export function eventChannelsOf(
  channels: readonly { name: string; target: string; send(message: EventMessage, recipients: readonly string[]): Promise<void> }[],
  team: readonly string[],
): EventChannel[] {
  return channels.map((c) => ({
    name: c.name,
    send: (message, recipients) => c.send(message, recipients),
    recipients: (audience) =>
      c.name !== 'email'
        ? [c.target]
        : audience.kind === 'team'
          ? [...new Set(team.map((a) => a.toLowerCase()))].sort()
          : audience.email
            ? [audience.email.toLowerCase()]
            : [],
  }));
}

const NO_CHANNEL = '-';
const INSERT = `INSERT INTO event_notices (id, event_key, kind, channel, state, recipients, message, created_at, next_attempt_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`;

/**
 * Records the notice for every channel with someone to tell; returns how many channel rows this
 * call queued (0 when the event was recorded before, by this process or another, or nobody could
 * be told). Joins the caller's transaction when called inside one.
 */
export async function recordEventNotice(
  notice: EventNotice,
  channels: readonly EventChannel[],
  now: Date,
  sql: Sql = storage(),
): Promise<number> {
  const at = now.getTime();
  const message = JSON.stringify(notice.message);
  const insert = (channel: string, state: string, recipients: readonly string[]) =>
    sql.run(INSERT, [randomUUID(), notice.key, notice.kind, channel, state, JSON.stringify(recipients), message, at, at]);
  let queued = 0;
  let anyone = false;
  for (const channel of channels) {
    const to = channel.recipients(notice.audience);
    if (to.length === 0) continue;
    anyone = true;
    queued += (await insert(channel.name, 'pending', to)).changes;
  }
  if (!anyone) await insert(NO_CHANNEL, 'no-recipient', []);
  return queued;
}

interface ClaimedRow {
  id: string;
  channel: string;
  recipients: string;
  message: string;
  attempts: number;
}

/** Claims the most overdue notice in one statement (see outbox.ts claimOne for why that is enough). */
async function claimOne(sql: Sql, owner: string, now: number, leaseMs: number): Promise<ClaimedRow | undefined> {
  const due = `((state = 'pending' AND next_attempt_at <= ?) OR (state = 'sending' AND claimed_until <= ?))`;
  const row = await sql.get<ClaimedRow>(
    `UPDATE event_notices SET state = 'sending', claimed_by = ?, claimed_until = ?
     WHERE id = (SELECT id FROM event_notices WHERE ${due} ORDER BY next_attempt_at, created_at, id LIMIT 1) AND ${due}
     RETURNING id, channel, recipients, message, attempts`,
    [owner, now + leaseMs, now, now, now, now],
  );
  return row ? { ...row, attempts: Number(row.attempts) } : undefined;
}

export interface EventSendOptions {
  /** Names this process's claims (host:pid:random). */
  owner: string;
  now?: () => Date;
  leaseMs?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  limit?: number;
}

export interface EventSendResult {
  sent: number;
  failed: { id: string; channel: string; error: string; retryAt: Date }[];
}

/** Sends what is due now, one at a time; a failure goes back to pending with its error and the next try. */
export async function sendDueEventNotices(
  channels: readonly EventChannel[],
  opts: EventSendOptions,
  sql: Sql = storage(),
): Promise<EventSendResult> {
  const now = opts.now ?? (() => new Date());
  const byName = new Map(channels.map((c) => [c.name, c]));
  const result: EventSendResult = { sent: 0, failed: [] };
  for (let i = 0; i < (opts.limit ?? 100); i++) {
    const row = await claimOne(sql, opts.owner, now().getTime(), opts.leaseMs ?? 60_000);
    if (!row) break;
    const channel = byName.get(row.channel);
    try {
      if (!channel) throw new Error(`the ${row.channel} channel is no longer configured`);
      await channel.send(JSON.parse(row.message) as EventMessage, JSON.parse(row.recipients) as string[]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const at = now();
      const retryAt = new Date(at.getTime() + backoffDelay(row.attempts + 1, opts.backoffMs ?? 60_000, opts.maxBackoffMs ?? 3_600_000));
      await sql.run(
        `UPDATE event_notices SET state = 'pending', attempts = attempts + 1, last_error = ?, last_error_at = ?,
           next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?`,
        [message, at.getTime(), retryAt.getTime(), row.id, opts.owner],
      );
      result.failed.push({ id: row.id, channel: row.channel, error: message, retryAt });
      continue;
    }
    await sql.run(
      `UPDATE event_notices SET state = 'sent', attempts = attempts + 1, sent_at = ?, claimed_until = NULL WHERE id = ? AND claimed_by = ?`,
      [now().getTime(), row.id, opts.owner],
    );
    result.sent += 1;
  }
  return result;
}

export interface EventNoticeRow {
  key: string;
  kind: string;
  channel: string;
  state: 'pending' | 'sending' | 'sent' | 'no-recipient';
  recipients: string[];
  attempts: number;
  lastError: string | null;
}

/** The notices of events whose key starts with `prefix` (e.g. `request:<id>:`), oldest first. */
export async function eventNotices(prefix: string, sql: Sql = storage()): Promise<EventNoticeRow[]> {
  const rows = await sql.all<Record<string, string | number | null>>(
    `SELECT * FROM event_notices WHERE substr(event_key, 1, ?) = ? ORDER BY created_at, event_key, channel`,
    [prefix.length, prefix],
  );
  return rows.map((r) => ({
    key: String(r.event_key),
    kind: String(r.kind),
    channel: String(r.channel),
    state: r.state as EventNoticeRow['state'],
    recipients: JSON.parse(String(r.recipients)) as string[],
    attempts: Number(r.attempts),
    lastError: (r.last_error as string | null) ?? null,
  }));
}
