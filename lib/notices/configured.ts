import 'server-only';
// The notice channels CONSOLE_LIFETIMES_FILE asks for, with their secrets from the environment,
// and Settings' "send a test notice". Free of Next.js: configuration and secrets are passed in.
import type { LifetimesConfig } from '@/lib/lifetimes/config-file';
import { emailChannel, webhookChannel, type NoticeChannel } from './channels';
import { buildTestNotice } from './message';
import type { NoticeSecrets } from './secrets';

export function configuredNoticeChannels(notices: LifetimesConfig['notices'], secrets: NoticeSecrets): NoticeChannel[] {
  const channels: NoticeChannel[] = [];
  if (notices.email) channels.push(emailChannel(notices.email, secrets.CONSOLE_NOTICE_SMTP_PASSWORD));
  if (notices.webhook) channels.push(webhookChannel(notices.webhook, secrets.CONSOLE_NOTICE_WEBHOOK_SECRET));
  return channels;
}

export interface TestNoticeResult {
  channel: string;
  target: string;
  recipients: string[];
  /** Undefined when delivered; the channel's error in words otherwise. */
  error?: string;
}

/**
 * Sends the test notice on every channel: by e-mail to the team and to the person asking (their
 * address stands where a token's creator would). Each channel's outcome is reported; none throws.
 */
export async function sendTestNotice(
  channels: readonly NoticeChannel[],
  consoleUrl: string,
  askedBy: { email?: string },
  now: Date,
): Promise<TestNoticeResult[]> {
  const message = buildTestNotice(consoleUrl, now);
  return Promise.all(
    channels.map(async (channel): Promise<TestNoticeResult> => {
      const recipients = channel.recipients({
        kind: 'before-3d',
        tokenId: '0000000000000000',
        description: '',
        orgName: '',
        expiresAt: now.toISOString(),
        tokenUrl: consoleUrl,
        creator: askedBy.email ? { email: askedBy.email } : undefined,
      });
      if (recipients.length === 0)
        return {
          channel: channel.name,
          target: channel.target,
          recipients,
          error: 'nobody to send to: no team address and no address of yours',
        };
      try {
        await channel.send(message, recipients);
        return { channel: channel.name, target: channel.target, recipients };
      } catch (error) {
        return { channel: channel.name, target: channel.target, recipients, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}
