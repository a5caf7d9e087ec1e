import 'server-only';
// The running console's event notices (access request steps, failed rotations): the channels of
// CONSOLE_LIFETIMES_FILE, when configured, and the send pass the scheduler runs on each tick.
// Without channels nothing is recorded: the console itself shows the same news (the Requests pages
// and the count in the navigation, failed rotations on Settings).
import { consoleLifetimesConfig } from '@/lib/lifetimes/console-lifetimes';
import { logger } from '@/lib/log/logger';
import { storage } from '@/lib/storage/db';
import type { Sql } from '@/lib/storage/sql';
import { consoleNoticeChannels } from './console-notices';
import type { EventNotice } from './event-messages';
import { eventChannelsOf, recordEventNotice, type EventChannel } from './event-notices';
import { sendDueNotices, type SendPassResult } from './outbox';

export { consoleUrl } from './console-notices';

let channels: EventChannel[] | undefined;

export function consoleEventChannels(): EventChannel[] {
  channels ??= eventChannelsOf(consoleNoticeChannels(), consoleLifetimesConfig().notices.email?.team ?? []);
  return channels;
}

/** Records the notice in the outbox (inside the caller's transaction when `sql` is one). */
export async function recordConsoleEventNotice(notice: EventNotice | undefined, sql: Sql = storage()): Promise<void> {
  const configured = consoleEventChannels();
  if (!notice || configured.length === 0) return;
  await recordEventNotice(notice, configured, new Date(), sql);
}

/** For steps already committed: a notice that cannot be recorded is logged, the step stands. */
export async function recordConsoleEventNoticeBestEffort(notice: EventNotice | undefined): Promise<void> {
  try {
    await recordConsoleEventNotice(notice);
  } catch (error) {
    logger.error('event notice not recorded', { kind: notice?.kind, error: String(error) });
  }
}

/**
 * One send pass over the notice outbox, after events were recorded (the expiry pass sends too);
 * undefined when no channel is configured.
 */
export async function runEventNoticePass(worker: string): Promise<SendPassResult | undefined> {
  const configured = consoleEventChannels();
  if (configured.length === 0) return undefined;
  return sendDueNotices(configured, { owner: worker }, storage());
}
