// Event notices (access request steps, failed rotations) into the one notice outbox (outbox.ts),
// which sends them with the expiry notices: a notice is recorded once per event and channel, with
// the message as it will be sent. Free of Next.js: channels and clock are passed in; storage is
// the one `Sql` interface.
import { storage } from '@/lib/storage/db';
import type { Sql } from '@/lib/storage/sql';
import type { Audience, EventNotice } from './event-messages';
import { insertNotice, NO_CHANNEL, type SendingChannel } from './outbox';

/** What event notices need of a channel: whom it tells for an audience, and how. */
export interface EventChannel extends SendingChannel {
  recipients(audience: Audience): string[];
}

/** The configured channels (channels.ts) for events: e-mail goes to the team or the person, a webhook to its one target. */
export function eventChannelsOf(channels: readonly (SendingChannel & { target: string })[], team: readonly string[]): EventChannel[] {
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
  const payload = JSON.stringify(notice.message);
  const insert = (channel: string, state: 'pending' | 'no-recipient', recipients: readonly string[]) =>
    insertNotice(sql, { source: 'event', key: notice.key, kind: notice.kind, channel, state, recipients, payload, dueAt: at, at });
  let queued = 0;
  let anyone = false;
  for (const channel of channels) {
    const to = channel.recipients(notice.audience);
    if (to.length === 0) continue;
    anyone = true;
    queued += await insert(channel.name, 'pending', to);
  }
  if (!anyone) await insert(NO_CHANNEL, 'no-recipient', []);
  return queued;
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
    `SELECT * FROM notice_outbox WHERE source = 'event' AND substr(notice_key, 1, ?) = ? ORDER BY created_at, notice_key, channel`,
    [prefix.length, prefix],
  );
  return rows.map((r) => ({
    key: String(r.notice_key),
    kind: String(r.kind),
    channel: String(r.channel),
    state: r.state as EventNoticeRow['state'],
    recipients: JSON.parse(String(r.recipients)) as string[],
    attempts: Number(r.attempts),
    lastError: (r.last_error as string | null) ?? null,
  }));
}
