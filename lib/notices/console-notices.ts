import 'server-only';
// The running console's expiry notices: channels from CONSOLE_LIFETIMES_FILE with their secrets from
// the environment, and the pass the scheduler runs on each tick.
import { getConfig } from '@/lib/config/server-config';
import { connectionOfStored, consoleConnections } from '@/lib/connections/registry';
import { consoleCatalog } from '@/lib/influx/catalog';
import { consoleLifetimesConfig } from '@/lib/lifetimes/console-lifetimes';
import { storage } from '@/lib/storage/db';
import type { NoticeChannel } from './channels';
import { configuredNoticeChannels } from './configured';
import { noticePass } from './expiry-notices';
import type { NoticeTickResult } from './notice-tick';

let channels: NoticeChannel[] | undefined;

export function consoleNoticeChannels(): NoticeChannel[] {
  const env = getConfig();
  channels ??= configuredNoticeChannels(consoleLifetimesConfig().notices, {
    CONSOLE_NOTICE_SMTP_PASSWORD: env.CONSOLE_NOTICE_SMTP_PASSWORD,
    CONSOLE_NOTICE_WEBHOOK_SECRET: env.CONSOLE_NOTICE_WEBHOOK_SECRET,
  });
  return channels;
}

/** Where notices link to: AUTH_URL, else the local address the console listens on. */
export function consoleUrl(): string {
  return getConfig().AUTH_URL ?? `http://localhost:${process.env.PORT ?? '3000'}`;
}

async function orgName(connectionID: string, orgID: string): Promise<string> {
  try {
    const connection = connectionOfStored(connectionID);
    if (!connection) return orgID;
    return (await consoleCatalog(connection.id).findOrg(orgID))?.name ?? orgID;
  } catch {
    return orgID;
  }
}

/** One notice pass: record what is due for the stored expiries, send what the outbox holds. */
export async function runNoticePass(worker: string, now: Date = new Date(), budgetMs?: number): Promise<NoticeTickResult | undefined> {
  const channels = consoleNoticeChannels();
  if (channels.length === 0) return undefined;
  const { leads } = consoleLifetimesConfig().notices;
  const several = consoleConnections().connections.length > 1;
  return noticePass({
    sql: storage(),
    leads,
    channels,
    owner: worker,
    now,
    ...(budgetMs !== undefined ? { budgetMs } : {}),
    facts: {
      consoleUrl: consoleUrl(),
      orgName,
      ...(several
        ? {
            connection: (id: string) => {
              const c = connectionOfStored(id);
              return c ? { id: c.id, label: c.label } : undefined;
            },
          }
        : {}),
    },
  });
}
