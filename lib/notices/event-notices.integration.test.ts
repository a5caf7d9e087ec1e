// Event notices (access request steps, a failed rotation) from the real request store through the
// outbox to a real SMTP server (smtp-server) and a real HTTP receiver: who gets what, once, with the
// link to the request, retried while a channel is down, never a token value. SQLite, or PostgreSQL
// with TEST_POSTGRES_URL (scripts/postgres/with-postgres.ts).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OSS_RESOURCE_TYPES } from '@/lib/permissions/resource-types';
import { expireRequestsPass } from '@/lib/requests/expire-pass';
import type { Person, RequestForm } from '@/lib/requests/model';
import { requestStepNotice } from '@/lib/requests/request-notices';
import { DEFAULT_REQUEST_SETTINGS, type RequestSettings } from '@/lib/requests/settings';
import { createRequest, getRequest, performStep } from '@/lib/requests/store';
import type { Sql } from '@/lib/storage/sql';
import { freshTestStorage, openTestStorageAt, type TestStorage } from '@/lib/storage/support/open-test-storage';
import { emailChannel, webhookChannel } from './channels';
import { rotationFailedNotice } from './event-messages';
import { eventChannelsOf, eventNotices, recordEventNotice, type EventChannel } from './event-notices';
import { sendDueNotices, type SendPassOptions } from './outbox';
import { startSmtpInbox, type SmtpInbox } from './support/smtp-inbox';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

const VALUE = 'q1W2e3R4t5Y6u7I8o9P0a1S2d3F4g5H6j7K8l9Z0x1C2v3B4n5M6q7W8e9R0t1Y2u3I4o5P6a7S8d9F0g1H2jA==';
const CONSOLE = 'https://tokens.acme.com/';
const HOUR = 3_600_000;
const settings: RequestSettings = { ...DEFAULT_REQUEST_SETTINGS, resourceTypes: OSS_RESOURCE_TYPES };
const ana: Person = { id: 'local:ana', name: 'Ana', email: 'Ana@acme.com', role: 'creator' };
const dee: Person = { id: 'local:dee', name: 'Dee', role: 'creator' };
const bo: Person = { id: 'local:bo', name: 'Bo', email: 'bo@acme.com', role: 'admin' };
const form: RequestForm = {
  connectionId: 'default',
  orgID: '0123456789abcdef',
  // A value pasted into the description by mistake must not leave the console.
  description: `telegraf on web-01 ${VALUE}`,
  owner: { kind: 'existing', userID: '1111111111111111', name: 'iot_user_1' },
  grants: [
    { type: 'buckets', action: 'write', scope: { kind: 'all' } },
    { type: 'tasks', action: 'write', scope: { kind: 'all' } },
  ],
  lifetime: { kind: 'duration', ms: 30 * 24 * HOUR },
};
const t0 = new Date('2026-11-30T10:00:00.000Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const admin = { kind: 'person', person: bo } as const;

let smtp: SmtpInbox;
let hook: WebhookReceiver;
let store: TestStorage;
let sql: Sql;
let channels: EventChannel[];

beforeAll(async () => {
  smtp = await startSmtpInbox();
  hook = await startWebhookReceiver();
  const team = ['Influx-Ops@acme.com'];
  channels = eventChannelsOf(
    [
      emailChannel({ smtp: smtp.url, from: 'Token Console <tokens@acme.com>', team, toCreator: true }, undefined),
      webhookChannel({ url: hook.url }, 'webhook-secret-for-tests'),
    ],
    team,
  );
});
afterAll(async () => {
  await smtp.stop();
  await hook.stop();
});
beforeEach(async () => {
  smtp.mails.length = 0;
  hook.requests.length = 0;
  hook.answer(200);
  store = await freshTestStorage();
  sql = store.sql;
});
afterEach(() => store.dispose());

const record = async (n: ReturnType<typeof requestStepNotice>, at: Date) => recordEventNotice(n!, channels, at, sql);
// One at a time, so the mails and webhook calls arrive in the order they were recorded.
const sendInOrder = (c: readonly EventChannel[], opts: SendPassOptions, on: Sql) => sendDueNotices(c, { concurrency: 1, ...opts }, on);
const send = (at: Date, owner = 'test') => sendInOrder(channels, { owner, now: () => at }, sql);
const everything = () =>
  JSON.stringify({
    mails: smtp.mails.map((m) => ({ subject: m.mail.subject, text: m.mail.text, headers: [...m.mail.headers] })),
    hooks: hook.requests.map((r) => r.body),
  });

describe('access request notices', () => {
  it('tell the team of a new request and the requester of the review, each once, with the link and no value', async () => {
    const r = await createRequest({ form, justification: 'edge-01', requester: ana }, t0, sql);
    expect(await record(requestStepNotice('create', r, CONSOLE), t0)).toBe(2);
    // Recorded again (a retry, or the second console process): nothing new.
    expect(await record(requestStepNotice('create', r, CONSOLE), t0)).toBe(0);
    const narrowed = { ...form, grants: [form.grants[0]!] };
    const outcome = await performStep(
      r.id,
      { kind: 'approve-narrowed', form: narrowed, note: 'no tasks for telegraf' },
      admin,
      later(HOUR),
      settings,
      sql,
    );
    expect(outcome.ok).toBe(true);
    const approved = outcome.ok ? outcome.request : undefined;
    expect(await record(requestStepNotice('approve-narrowed', approved!, CONSOLE, r), later(HOUR))).toBe(2);

    expect(await send(later(HOUR))).toEqual({ sent: 4, failed: [] });
    const mails = await smtp.waitFor(2);
    const link = `https://tokens.acme.com/requests/${r.id}`;
    expect(mails.map((m) => [m.envelope.to, m.mail.subject])).toEqual([
      [['influx-ops@acme.com'], 'Token request "telegraf on web-01 [redacted]" from Ana waits for review'],
      [['ana@acme.com'], 'Your token request "telegraf on web-01 [redacted]" was approved with changes'],
    ]);
    expect(mails.every((m) => m.mail.text!.includes(link))).toBe(true);
    expect(mails[1]!.mail.text).toContain('Bo approved your request');
    expect(mails[1]!.mail.text).toContain('no tasks for telegraf');
    expect(hook.requests.map((h) => (JSON.parse(h.body) as { event: { kind: string; url: string } }).event)).toEqual([
      expect.objectContaining({ kind: 'request.created', url: link }),
      expect.objectContaining({ kind: 'request.narrowed', url: link }),
    ]);
    expect(everything()).not.toContain(VALUE.slice(0, 40));
    // Sent is sent: a later pass sends nothing again.
    expect(await send(later(2 * HOUR))).toEqual({ sent: 0, failed: [] });
  });

  it('a denial reaches the requester with the reason; without a known address only the webhook hears of it', async () => {
    const r = await createRequest({ form, justification: 'edge-01', requester: dee }, t0, sql);
    const outcome = await performStep(
      r.id,
      { kind: 'deny', reason: `use the shared one, not ${VALUE}` },
      admin,
      later(HOUR),
      settings,
      sql,
    );
    expect(outcome.ok).toBe(true);
    expect(await record(requestStepNotice('deny', outcome.ok ? outcome.request : r, CONSOLE, r), later(HOUR))).toBe(1);
    expect(await send(later(HOUR))).toEqual({ sent: 1, failed: [] });
    expect(smtp.mails).toHaveLength(0);
    const body = JSON.parse(hook.requests[0]!.body) as { text: string; event: { kind: string; note: string } };
    expect(body.event).toMatchObject({ kind: 'request.denied', note: 'use the shared one, not [redacted]' });
    expect(body.text).toContain('Bo denied your request');
    expect(everything()).not.toContain(VALUE.slice(0, 40));
    expect((await eventNotices(`request:${r.id}:`, sql)).map((n) => [n.kind, n.channel, n.state])).toEqual([
      ['request.denied', 'webhook', 'sent'],
    ]);
  });

  it('an expiry on the tick is told to the requester once, in the same transaction as the expiry', async () => {
    const r = await createRequest({ form, justification: 'edge-01', requester: ana }, t0, sql);
    await performStep(r.id, { kind: 'approve' }, admin, later(HOUR), settings, sql);
    const now = later(HOUR + settings.mintWindowMs);
    const alsoRecord = async (after: Parameters<typeof requestStepNotice>[1], before: Parameters<typeof requestStepNotice>[1], tx: Sql) =>
      void (await recordEventNotice(requestStepNotice('expire', after, CONSOLE, before)!, channels, now, tx));
    expect(await expireRequestsPass({ now, settings, alsoRecord }, sql)).toHaveLength(1);
    expect(await expireRequestsPass({ now, settings, alsoRecord }, sql)).toHaveLength(0);
    expect(await send(now)).toEqual({ sent: 2, failed: [] });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.envelope.to).toEqual(['ana@acme.com']);
    expect(mail!.mail.subject).toBe('Your token request "telegraf on web-01 [redacted]" has expired');
    expect(mail!.mail.text).toContain('the token was not created within the mint window');
    expect(mail!.mail.text).toContain(`https://tokens.acme.com/requests/${r.id}`);
    expect((await getRequest(r.id, sql))!.state).toBe('expired');
  });

  it('a channel that is down gets the notice again later; the other is not sent twice', async () => {
    const r = await createRequest({ form, justification: 'edge-01', requester: ana }, t0, sql);
    hook.answer(503);
    await record(requestStepNotice('create', r, CONSOLE), t0);
    const first = await send(t0);
    expect(first.sent).toBe(1);
    expect(first.failed).toEqual([expect.objectContaining({ channel: 'webhook', error: expect.stringContaining('503') })]);
    // Before the backoff is over, nothing is tried.
    expect(await send(new Date(first.failed[0]!.retryAt.getTime() - 1))).toEqual({ sent: 0, failed: [] });
    hook.answer(200);
    expect(await send(first.failed[0]!.retryAt)).toEqual({ sent: 1, failed: [] });
    expect(smtp.mails).toHaveLength(1);
    expect(hook.requests.map((h) => (JSON.parse(h.body) as { event: { kind: string } }).event.kind)).toEqual([
      'request.created',
      'request.created',
    ]);
    expect((await eventNotices(`request:${r.id}:`, sql)).map((n) => [n.channel, n.state, n.attempts])).toEqual([
      ['email', 'sent', 1],
      ['webhook', 'sent', 2],
    ]);
  });
});

describe('rotation failure notices', () => {
  it('tell the team once per failure, with the path and the words, never a value', async () => {
    const failure = {
      rotationId: 'vault:secret/influx/edge-01',
      storeId: 'vault',
      path: 'secret/influx/edge-01',
      problem: 'the store at https://vault.acme.com refused the write (403 permission denied)',
      failedAt: t0.getTime(),
      consoleUrl: CONSOLE,
    };
    expect(await recordEventNotice(rotationFailedNotice(failure), channels, t0, sql)).toBe(2);
    expect(await recordEventNotice(rotationFailedNotice(failure), channels, t0, sql)).toBe(0);
    // A later failure of the same path is news again.
    expect(await recordEventNotice(rotationFailedNotice({ ...failure, failedAt: t0.getTime() + HOUR }), channels, later(HOUR), sql)).toBe(
      2,
    );
    expect(await send(later(HOUR))).toEqual({ sent: 4, failed: [] });
    const mails = await smtp.waitFor(2);
    expect(mails.map((m) => m.envelope.to)).toEqual([['influx-ops@acme.com'], ['influx-ops@acme.com']]);
    expect(mails[0]!.mail.subject).toBe('Token rotation failed for secret/influx/edge-01');
    expect(mails[0]!.mail.text).toContain('refused the write (403 permission denied)');
    expect(mails[0]!.mail.text).toContain('The old token is untouched');
    expect(mails[0]!.mail.text).toContain('https://tokens.acme.com/settings');
    expect((JSON.parse(hook.requests[0]!.body) as { event: { path: string } }).event.path).toBe('secret/influx/edge-01');
  });
});

describe('two console processes on one database', () => {
  it('send each event notice once; an abandoned claim is taken only after its lease', async () => {
    const other = await openTestStorageAt(store.location);
    const email = channels.filter((c) => c.name === 'email');
    const ids: string[] = [];
    for (let n = 0; n < 10; n++) {
      const r = await createRequest({ form, justification: 'load', requester: ana }, t0, sql);
      ids.push(r.id);
      // Both processes record it (as both would after the same step was retried): once it is.
      await recordEventNotice(requestStepNotice('create', r, CONSOLE)!, email, t0, n % 2 ? sql : other);
      await recordEventNotice(requestStepNotice('create', r, CONSOLE)!, email, t0, n % 2 ? other : sql);
    }
    let total = 0;
    for (;;) {
      const [ra, rb] = await Promise.all([
        sendInOrder(email, { owner: 'a', now: () => t0, limit: 3 }, sql),
        sendInOrder(email, { owner: 'b', now: () => t0, limit: 3 }, other),
      ]);
      if (ra.sent + rb.sent === 0) break;
      total += ra.sent + rb.sent;
    }
    expect(total).toBe(10);
    const mails = await smtp.waitFor(10);
    const sentFor = mails.map((m) => /requests\/([0-9a-f-]{36})/.exec(m.mail.text!)![1]).sort();
    expect(sentFor).toEqual([...ids].sort());

    // A process that claimed a notice and died: nobody sends it until its lease ends.
    const late = await createRequest({ form, justification: 'late', requester: ana }, t0, sql);
    const notice = requestStepNotice('create', late, CONSOLE)!;
    await recordEventNotice(notice, email, t0, sql);
    await sql.run(`UPDATE notice_outbox SET state = 'sending', claimed_by = 'dead', claimed_until = ? WHERE notice_key = ?`, [
      t0.getTime() + 60_000,
      notice.key,
    ]);
    expect(await sendInOrder(email, { owner: 'b', now: () => t0 }, other)).toEqual({ sent: 0, failed: [] });
    expect(await sendInOrder(email, { owner: 'b', now: () => later(60_000) }, other)).toEqual({ sent: 1, failed: [] });
    await smtp.waitFor(11);
    expect(smtp.mails).toHaveLength(11);
  });
});
