// The notice channels against a real SMTP server (smtp-server) and a real HTTP receiver, both on
// free ports of 127.0.0.1: what arrives, to whom, with which link; and what the caller gets when
// the channel is down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailChannel, NoticeChannelError, webhookChannel } from './channels';
import { buildNotice, tokenPageUrl, type NoticeFacts } from './message';
import { SIGNATURE_HEADER, verifySignature } from './signature';
import { startSmtpInbox, type SmtpInbox } from './support/smtp-inbox';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

const VALUE = 'q1W2e3R4t5Y6u7I8o9P0a1S2d3F4g5H6j7K8l9Z0x1C2v3B4n5M6q7W8e9R0t1Y2u3I4o5P6a7S8d9F0g1H2jA==';
const SECRET = 'notice-webhook-secret-for-tests';

const facts: NoticeFacts = {
  kind: 'before-14d',
  tokenId: '0a1b2c3d4e5f6a7b',
  // A value pasted into the description by mistake must not leave the console.
  description: `telegraf on web-01 ${VALUE}`,
  orgName: 'acme',
  expiresAt: '2026-12-14T08:00:00.000Z',
  tokenUrl: tokenPageUrl('https://tokens.acme.com/', '0a1b2c3d4e5f6a7b'),
  creator: { name: 'Ana', email: 'Ana@acme.com' },
};
const now = new Date('2026-11-30T08:00:00.000Z');

let smtp: SmtpInbox;
let hook: WebhookReceiver;

beforeAll(async () => {
  smtp = await startSmtpInbox();
  hook = await startWebhookReceiver();
});
afterAll(async () => {
  await smtp.stop();
  await hook.stop();
});

describe('e-mail notices over SMTP', () => {
  it('reach the team and the creator, with the link and the expiry in UTC, and no token value', async () => {
    const channel = emailChannel(
      { smtp: smtp.url, from: 'Token Console <tokens@acme.com>', team: ['influx-ops@acme.com'], toCreator: true },
      undefined,
    );
    const to = channel.recipients(facts);
    expect(to).toEqual(['ana@acme.com', 'influx-ops@acme.com']);
    await channel.send(buildNotice(facts, now), to);
    const [received] = await smtp.waitFor(1);
    expect(received!.envelope).toEqual({ from: 'tokens@acme.com', to: ['ana@acme.com', 'influx-ops@acme.com'] });
    expect(received!.mail.subject).toBe('InfluxDB token "telegraf on web-01 [redacted]" expires in 14 days (2026-12-14 08:00 UTC)');
    expect(received!.mail.text).toContain('https://tokens.acme.com/tokens/0a1b2c3d4e5f6a7b');
    expect(received!.mail.text).toContain('at 2026-12-14 08:00 UTC');
    const raw = JSON.stringify({ subject: received!.mail.subject, text: received!.mail.text, headers: [...received!.mail.headers] });
    expect(raw).not.toContain(VALUE.slice(0, 40));
  });

  it('without the creator when the file says so; nobody at all when there is no team either', () => {
    const channel = emailChannel({ smtp: smtp.url, from: 'tokens@acme.com', team: [], toCreator: false }, undefined);
    expect(channel.recipients(facts)).toEqual([]);
  });

  it('a server that is down gives an error in words the outbox can record', async () => {
    const down = await startSmtpInbox();
    const url = down.url;
    await down.stop();
    const channel = emailChannel({ smtp: url, from: 'tokens@acme.com', team: ['ops@acme.com'], toCreator: true }, undefined);
    const failure = channel.send(buildNotice(facts, now), ['ops@acme.com']);
    await expect(failure).rejects.toBeInstanceOf(NoticeChannelError);
    await expect(failure).rejects.toThrow(`the SMTP server at ${url} refused the connection (is the receiver running and listening?)`);
  });
});

describe('webhook notices', () => {
  it('post JSON with a Slack-compatible text and the facts, signed when a secret is set', async () => {
    const channel = webhookChannel({ url: `${hook.url}?channel=ops` }, SECRET);
    expect(channel.target).toBe(hook.url);
    await channel.send(buildNotice(facts, now), channel.recipients(facts));
    expect(hook.requests).toHaveLength(1);
    const req = hook.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/hooks/notices?channel=ops');
    expect(req.headers['content-type']).toBe('application/json');
    const body = JSON.parse(req.body) as { text: string; notice: Record<string, unknown> };
    expect(body.text).toContain('expires in 14 days, at 2026-12-14 08:00 UTC');
    expect(body.text).toContain('<https://tokens.acme.com/tokens/0a1b2c3d4e5f6a7b|open the token>');
    expect(body.notice).toMatchObject({
      kind: 'before-14d',
      tokenId: '0a1b2c3d4e5f6a7b',
      org: 'acme',
      url: 'https://tokens.acme.com/tokens/0a1b2c3d4e5f6a7b',
    });
    expect(req.body).not.toContain(VALUE.slice(0, 40));
    expect(verifySignature(SECRET, req.body, String(req.headers[SIGNATURE_HEADER]), new Date())).toBe(true);
  });

  it('unsigned without a secret; a refusal and a closed port are errors in words', async () => {
    await webhookChannel({ url: hook.url }, undefined).send(buildNotice(facts, now), []);
    expect(hook.requests.at(-1)!.headers[SIGNATURE_HEADER]).toBeUndefined();
    hook.answer(403);
    await expect(webhookChannel({ url: hook.url }, SECRET).send(buildNotice(facts, now), [])).rejects.toThrow(
      `the notice webhook at ${hook.url} answered 403 Forbidden (check CONSOLE_NOTICE_WEBHOOK_SECRET)`,
    );
    hook.answer(200);
    const closed = await startWebhookReceiver();
    await closed.stop();
    await expect(webhookChannel({ url: closed.url }, undefined).send(buildNotice(facts, now), [])).rejects.toThrow(
      `the notice webhook at ${closed.url} refused the connection`,
    );
  });
});
