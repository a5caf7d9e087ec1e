// The notice outbox against a real SMTP server and HTTP receiver: recorded once, sent once, kept
// and retried with backoff while the mail server is down, delivered when it is back. The clock is
// passed in, so nothing here waits for time to pass.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailChannel, webhookChannel, type NoticeChannel } from './channels';
import { tokenPageUrl } from './message';
import { noticesOf, recordDueNotices, sendDueNotices, type TokenExpiry } from './outbox';
import { SqliteSql } from '@/lib/storage/sqlite';
import { NOTICE_OUTBOX_TABLE } from './outbox-schema';
import { startSmtpInbox, type SmtpInbox } from './support/smtp-inbox';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T00:00:00.000Z');
const LEADS = [14 * DAY, 3 * DAY];

let smtp: SmtpInbox;
let hook: WebhookReceiver;
let channels: NoticeChannel[];

function token(id: string, life = 30 * DAY): TokenExpiry {
  return {
    tokenId: id,
    description: `telegraf ${id}`,
    orgName: 'acme',
    tokenUrl: tokenPageUrl('https://tokens.acme.com', id),
    creator: { name: 'Ana', email: 'ana@acme.com' },
    setAt: new Date(T0),
    expiresAt: new Date(T0 + life),
  };
}

function memoryDb() {
  const db = new Database(':memory:');
  db.exec(NOTICE_OUTBOX_TABLE);
  return new SqliteSql(db);
}

beforeAll(async () => {
  smtp = await startSmtpInbox();
  hook = await startWebhookReceiver();
  channels = [
    emailChannel({ smtp: smtp.url, from: 'tokens@acme.com', team: ['influx-ops@acme.com'], toCreator: true }, undefined),
    webhookChannel({ url: hook.url }, undefined),
  ];
});
afterAll(async () => {
  await smtp.stop();
  await hook.stop();
});
beforeEach(() => {
  smtp.mails.length = 0;
  hook.requests.length = 0;
});

describe('expiry notice outbox', () => {
  it('records once, sends once, retries while the mail server is down, delivers when it is back', async () => {
    const db = memoryDb();
    const t = token('0a1b2c3d4e5f6a7b');
    let now = new Date(T0 + DAY);
    const pass = () => sendDueNotices(channels, { owner: 'console-a', now: () => now, backoffMs: 60_000 }, db);

    expect(await recordDueNotices(t, LEADS, channels, now, db)).toEqual([]);
    expect(await pass()).toEqual({ sent: 0, failed: [] });

    now = new Date(T0 + 16 * DAY);
    expect(await recordDueNotices(t, LEADS, channels, now, db)).toEqual(['before-14d']);
    expect(await recordDueNotices(t, LEADS, channels, now, db)).toEqual([]);
    expect((await noticesOf(t.tokenId, db)).map((n) => [n.kind, n.channel, n.state])).toEqual([
      ['before-14d', 'email', 'pending'],
      ['before-14d', 'webhook', 'pending'],
    ]);

    await smtp.stop();
    const down = await pass();
    expect(down.sent).toBe(1);
    expect(down.failed).toEqual([
      {
        id: expect.any(String),
        channel: 'email',
        error: `the SMTP server at ${smtp.url} refused the connection (is the receiver running and listening?)`,
        retryAt: new Date(now.getTime() + 60_000),
      },
    ]);
    expect(hook.requests).toHaveLength(1);
    expect((await noticesOf(t.tokenId, db))[0]).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: expect.stringContaining('refused'),
    });

    // Not before its retry time; the webhook, delivered, is not sent again.
    expect(await pass()).toEqual({ sent: 0, failed: [] });
    now = new Date(now.getTime() + 59_999);
    expect(await pass()).toEqual({ sent: 0, failed: [] });

    await smtp.start();
    now = new Date(now.getTime() + 1);
    expect(await pass()).toEqual({ sent: 1, failed: [] });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.envelope.to).toEqual(['ana@acme.com', 'influx-ops@acme.com']);
    expect(mail!.mail.subject).toBe('InfluxDB token "telegraf 0a1b2c3d4e5f6a7b" expires in 14 days (2026-12-01 00:00 UTC)');
    expect(await pass()).toEqual({ sent: 0, failed: [] });
    expect(smtp.mails).toHaveLength(1);
    expect(hook.requests).toHaveLength(1);

    // The console was away over the 3-day notice: only "expired" goes out, 3 days is superseded.
    now = new Date(T0 + 30 * DAY + 5_000);
    expect(await recordDueNotices(t, LEADS, channels, now, db)).toEqual(['expired']);
    expect(await pass()).toEqual({ sent: 2, failed: [] });
    await smtp.waitFor(2);
    expect(smtp.mails[1]!.mail.subject).toBe('InfluxDB token "telegraf 0a1b2c3d4e5f6a7b" has expired (2026-12-01 00:00 UTC)');
    expect(JSON.parse(hook.requests[1]!.body)).toMatchObject({ notice: { kind: 'expired', tokenId: '0a1b2c3d4e5f6a7b' } });
    expect((await noticesOf(t.tokenId, db)).map((n) => [n.kind, n.channel, n.state, n.attempts])).toEqual([
      ['before-14d', 'email', 'sent', 2],
      ['before-14d', 'webhook', 'sent', 1],
      ['before-3d', '-', 'superseded', 0],
      ['expired', 'email', 'sent', 1],
      ['expired', 'webhook', 'sent', 1],
    ]);
    expect(await recordDueNotices(t, LEADS, channels, new Date(T0 + 60 * DAY), db)).toEqual([]);
  });

  it('keeps a token value pasted into a description out of the outbox table', async () => {
    const db = memoryDb();
    const value = 'q1W2e3R4t5Y6u7I8o9P0a1S2d3F4g5H6j7K8l9Z0x1C2v3B4n5M6q7W8e9R0t1Y2u3I4o5P6a7S8d9F0g1H2jA==';
    const t = { ...token('5a1b2c3d4e5f6a7b'), description: `telegraf ${value}` };
    expect(await recordDueNotices(t, LEADS, channels, new Date(T0 + 29 * DAY), db)).toEqual(['before-3d']);
    const stored = JSON.stringify(await db.all('SELECT * FROM notice_outbox'));
    expect(stored).toContain('telegraf [redacted]');
    expect(stored).not.toContain(value.slice(0, 40));
  });

  it('a changed expiry gets its own notices; no recipient is recorded, not retried', async () => {
    const db = memoryDb();
    const t = token('1b2c3d4e5f6a7b8c');
    const now = new Date(T0 + 28 * DAY);
    expect(await recordDueNotices(t, LEADS, channels, now, db)).toEqual(['before-3d']);
    const renewed = { ...t, setAt: now, expiresAt: new Date(now.getTime() + 7 * DAY) };
    expect(await recordDueNotices(renewed, LEADS, channels, now, db)).toEqual([]);
    expect(await recordDueNotices(renewed, LEADS, channels, new Date(now.getTime() + 4 * DAY), db)).toEqual(['before-3d']);

    const silent = emailChannel({ smtp: smtp.url, from: 'tokens@acme.com', team: [], toCreator: false }, undefined);
    const other = token('2c3d4e5f6a7b8c9d');
    expect(await recordDueNotices(other, LEADS, [silent], now, db)).toEqual([]);
    expect((await noticesOf(other.tokenId, db)).map((n) => [n.kind, n.channel, n.state])).toEqual([
      ['before-14d', '-', 'superseded'],
      ['before-3d', '-', 'no-recipient'],
    ]);
    expect(await recordDueNotices(other, LEADS, [silent], now, db)).toEqual([]);
  });

  it('two console processes on one data folder send each notice once; an abandoned claim is taken after its lease', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'notices-'));
    const file = join(dir, 'console.sqlite');
    const handles = [new Database(file), new Database(file)];
    for (const h of handles) {
      h.pragma('journal_mode = WAL');
      h.pragma('busy_timeout = 5000');
    }
    const [a, b] = handles.map((h) => new SqliteSql(h)) as [SqliteSql, SqliteSql];
    try {
      await a.exec(NOTICE_OUTBOX_TABLE);
      const now = new Date(T0 + 30 * DAY);
      const ids = Array.from({ length: 12 }, (_, n) => `30000000000000${n.toString(16).padStart(2, '0')}`);
      for (const [n, id] of ids.entries()) await recordDueNotices(token(id), LEADS, channels.slice(0, 1), now, n % 2 ? a : b);
      // Both at once, a few rows per claim, until neither finds anything.
      let total = 0;
      for (;;) {
        const [ra, rb] = await Promise.all([
          sendDueNotices(channels, { owner: 'a', now: () => now, limit: 5 }, a),
          sendDueNotices(channels, { owner: 'b', now: () => now, limit: 5 }, b),
        ]);
        if (ra.sent + rb.sent === 0) break;
        total += ra.sent + rb.sent;
      }
      expect(total).toBe(12);
      await smtp.waitFor(12);
      expect(smtp.mails.map((m) => m.mail.subject!.match(/telegraf (\w+)/)![1]).sort()).toEqual([...ids].sort());

      // A process that claimed a notice and died: nobody sends it until its lease ends.
      const late = token('3fffffffffffffff');
      await recordDueNotices(late, LEADS, channels.slice(0, 1), now, a);
      await a.run(
        `UPDATE notice_outbox SET state = 'sending', claimed_by = 'dead', claimed_until = ? WHERE authorization_id = ? AND channel = 'email'`,
        [now.getTime() + 60_000, late.tokenId],
      );
      expect(await sendDueNotices(channels, { owner: 'b', now: () => now }, b)).toEqual({ sent: 0, failed: [] });
      expect(await sendDueNotices(channels, { owner: 'b', now: () => new Date(now.getTime() + 60_000) }, b)).toEqual({
        sent: 1,
        failed: [],
      });
      await smtp.waitFor(13);
      expect(smtp.mails).toHaveLength(13);
    } finally {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
