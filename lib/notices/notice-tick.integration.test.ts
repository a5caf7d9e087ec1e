// A scheduler's notice pass over many tokens, and Settings' test notice, against a real SMTP server
// and HTTP receiver, with the channels built from a real CONSOLE_LIFETIMES_FILE text.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseLifetimesFile } from '@/lib/lifetimes/config-file';
import { configuredNoticeChannels, sendTestNotice } from './configured';
import { tokenPageUrl } from './message';
import { SqliteSql } from '@/lib/storage/sqlite';
import { NOTICE_OUTBOX_TABLE } from './outbox-schema';
import { noticeTick } from './notice-tick';
import type { TokenExpiry } from './outbox';
import { SIGNATURE_HEADER, verifySignature } from './signature';
import { startSmtpInbox, type SmtpInbox } from './support/smtp-inbox';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T00:00:00.000Z');
const SECRET = 'notice-webhook-secret-for-tests';

let smtp: SmtpInbox;
let hook: WebhookReceiver;

function config() {
  const parsed = parseLifetimesFile(
    JSON.stringify({
      notices: {
        before: ['14d', '3d'],
        email: { smtp: smtp.url, from: 'Token Console <tokens@acme.com>', team: ['influx-ops@acme.com'], toCreator: true },
        webhook: { url: hook.url },
      },
    }),
  );
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.config;
}

beforeAll(async () => {
  smtp = await startSmtpInbox();
  hook = await startWebhookReceiver();
});
afterAll(async () => {
  await smtp.stop();
  await hook.stop();
});
beforeEach(() => {
  smtp.mails.length = 0;
  hook.requests.length = 0;
});

describe('notice pass over many tokens', () => {
  it('sends only what is due, once, on both channels, signed', async () => {
    const { notices } = config();
    const channels = configuredNoticeChannels(notices, { CONSOLE_NOTICE_WEBHOOK_SECRET: SECRET, CONSOLE_NOTICE_SMTP_PASSWORD: undefined });
    expect(channels.map((c) => [c.name, c.target])).toEqual([
      ['email', smtp.url],
      ['webhook', hook.url],
    ]);
    const handle = new Database(':memory:');
    handle.exec(NOTICE_OUTBOX_TABLE);
    const sql = new SqliteSql(handle);
    // 40 tokens: the first 10 expire in 2 days (the 3-day notice is due), the rest in 60 days.
    const tokens: TokenExpiry[] = Array.from({ length: 40 }, (_, n) => {
      const id = `40000000000000${n.toString(16).padStart(2, '0')}`;
      return {
        tokenId: id,
        description: `service ${n}`,
        orgName: 'acme',
        tokenUrl: tokenPageUrl('https://tokens.acme.com', id),
        creator: n % 2 ? { email: `owner${n}@acme.com` } : undefined,
        setAt: new Date(T0),
        expiresAt: new Date(T0 + 20 * DAY + (n < 10 ? 2 * DAY : 60 * DAY)),
      };
    });
    const now = new Date(T0 + 20 * DAY);
    const tick = () => noticeTick({ sql, tokens, leads: notices.leads, channels, owner: 'console-a', now: () => now, limit: 7 });
    expect(await tick()).toEqual({ recorded: 10, sent: 20, failed: [] });
    expect(await tick()).toEqual({ recorded: 0, sent: 0, failed: [] });
    await smtp.waitFor(10);
    expect(smtp.mails).toHaveLength(10);
    expect(hook.requests).toHaveLength(10);
    const toOwner = smtp.mails.find((m) => m.mail.subject?.includes('"service 1"'));
    expect(toOwner?.envelope.to).toEqual(['influx-ops@acme.com', 'owner1@acme.com']);
    for (const r of hook.requests) expect(verifySignature(SECRET, r.body, String(r.headers[SIGNATURE_HEADER]), new Date())).toBe(true);
  });
});

describe('test notice', () => {
  it('goes to the team and the person asking, marked as a test; a channel that is down says so', async () => {
    const channels = configuredNoticeChannels(config().notices, {});
    const now = new Date(T0);
    const results = await sendTestNotice(channels, 'https://tokens.acme.com', { email: 'admin@acme.com' }, now);
    expect(results).toEqual([
      { channel: 'email', target: smtp.url, recipients: ['admin@acme.com', 'influx-ops@acme.com'] },
      { channel: 'webhook', target: hook.url, recipients: [hook.url] },
    ]);
    const [mail] = await smtp.waitFor(1);
    expect(mail!.mail.subject).toBe('[test] InfluxDB token "example token" expires in 3 days (2026-11-04 00:00 UTC)');
    expect(mail!.mail.text).toMatch(/^This is a test notice from the Influx Token Console: no token expires\./);
    expect(JSON.parse(hook.requests[0]!.body)).toMatchObject({ test: true, text: expect.stringContaining('This is a test notice') });

    await smtp.stop();
    try {
      const down = await sendTestNotice(channels, 'https://tokens.acme.com', {}, now);
      expect(down[0]).toEqual({
        channel: 'email',
        target: smtp.url,
        recipients: ['influx-ops@acme.com'],
        error: `the SMTP server at ${smtp.url} refused the connection (is the receiver running and listening?)`,
      });
      expect(down[1]!.error).toBeUndefined();
    } finally {
      await smtp.start();
    }
  });
});
