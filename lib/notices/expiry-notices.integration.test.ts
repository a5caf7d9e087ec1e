// From stored expiries to delivered notices, against a real influxd 2.9.1, a real SMTP server
// (smtp-server) and a local HTTP receiver: a token minted through the console with a lifetime gets
// its lead-time notice and its "expired" notice (after the scheduler deactivated it) by e-mail to
// its minter and the team and by webhook, each once, linking to its page and never carrying its
// value; a token made outside the console whose expiry an admin set tells that admin. The clock is
// passed in: nothing waits for time to pass.
// Run: npx vitest run --project integration lib/notices/expiry-notices.integration.test.ts
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bucketStatus, startInfluxd, type InfluxInstance } from '@/scripts/influxd/harness';
import { createBuckets, createToken } from '@/scripts/influxd/operator';
import type { ConsoleUser } from '@/lib/auth/session';
import { createCatalog } from '@/lib/influx/catalog';
import { createGateway } from '@/lib/influx/gateway';
import { changeTokenExpiry } from '@/lib/lifetimes/change-expiry';
import { BUILT_IN_POLICY } from '@/lib/lifetimes/policy';
import { tokenFormSchema } from '@/lib/permissions/token-form-schema';
import { DEFAULT_POLICY } from '@/lib/policy/grant-policy';
import { drainDue } from '@/lib/scheduler/drain';
import { runDueDeactivations } from '@/lib/scheduler/run-due-deactivations';
import { recordAudit } from '@/lib/storage/audit';
import type { Sql } from '@/lib/storage/sql';
import { freshTestStorage, type TestStorage } from '@/lib/storage/support/open-test-storage';
import { mintDepsFromGateway } from '@/lib/tokens/gateway-mint-deps';
import { mintToken } from '@/lib/tokens/mint-token';
import { emailChannel, webhookChannel, type NoticeChannel } from './channels';
import { noticePass } from './expiry-notices';
import { noticesOf } from './outbox';
import { startSmtpInbox, type SmtpInbox } from './support/smtp-inbox';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

const DAY = 86_400_000;
const LEADS = [14 * DAY, 3 * DAY];
const CONSOLE = 'https://tokens.acme.com';
const creator: ConsoleUser = { id: 'local:cy', name: 'Cy', email: 'cy@acme.com', role: 'creator', provider: 'local' };
const admin: ConsoleUser = { id: 'local:ada', name: 'Ada', email: 'ada@acme.com', role: 'admin', provider: 'local' };

let inst: InfluxInstance;
let store: TestStorage | undefined;
let sql: Sql;
let bucket: string;
let smtp: SmtpInbox;
let hook: WebhookReceiver;
let channels: NoticeChannel[];
let start = Date.now();

const gateway = () => createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });

/** One scheduler tick as the console runs it: deactivations first, then the notice pass. */
async function tick(at: number) {
  await drainDue(
    (limit) => runDueDeactivations({ sql, gateway: gateway(), worker: 'w-notices', influxTimeoutMs: 5000, now: () => at, limit }),
    {
      budgetMs: 7_500,
    },
  );
  return noticePass({
    sql,
    leads: LEADS,
    channels,
    owner: 'console-a',
    now: new Date(at),
    facts: { consoleUrl: CONSOLE, orgName: async () => 'acme' },
  });
}

async function mint(lifetime: string) {
  const gw = gateway();
  const form = tokenFormSchema.parse({
    formKey: crypto.randomUUID(),
    orgID: inst.orgID,
    description: `notices-${crypto.randomUUID().slice(0, 8)}`,
    status: 'active',
    owner: { kind: 'console' },
    grants: [{ type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id: bucket }] } }],
    lifetime,
  });
  const r = await mintToken(
    form,
    { user: creator, requestId: crypto.randomUUID() },
    {
      ...mintDepsFromGateway(gw, createCatalog(gw), sql, DEFAULT_POLICY),
      lifetimes: { policy: BUILT_IN_POLICY, minLifetimeMs: 1_000 },
      now: () => start,
    },
  );
  if (!r.ok) throw new Error(r.formError);
  return r.data;
}

function noValueIn(text: string, value: string) {
  expect(text).not.toContain(value);
  // Not even a long piece of it.
  expect(text).not.toContain(value.slice(0, 24));
}

beforeAll(async () => {
  [inst, smtp, hook] = await Promise.all([startInfluxd({ hashedTokens: true }), startSmtpInbox(), startWebhookReceiver()]);
  bucket = (await createBuckets(inst, ['notices-a'])).get('notices-a')!;
  store = await freshTestStorage();
  sql = store.sql;
  channels = [
    emailChannel({ smtp: smtp.url, from: 'Token Console <tokens@acme.com>', team: ['influx-ops@acme.com'], toCreator: true }, undefined),
    webhookChannel({ url: hook.url }, undefined),
  ];
  start = Date.now();
});
afterAll(async () => {
  await store?.dispose();
  await Promise.all([inst?.stop(), smtp?.stop(), hook?.stop()]);
});
beforeEach(() => {
  smtp.mails.length = 0;
  hook.requests.length = 0;
});

describe('expiry notices from the stored expiries', () => {
  it('a minted token: the 3-day notice and the expired notice, to its minter and the team and by webhook, once each, never its value', async () => {
    const t = await mint('7d');
    // Nothing due yet: no mail, no post.
    expect(await tick(start + DAY)).toEqual({ recorded: 0, sent: 0, failed: [] });

    expect(await tick(start + 4 * DAY + 1_000)).toMatchObject({ recorded: 1, sent: 2, failed: [] });
    expect(await tick(start + 4 * DAY + 60_000)).toMatchObject({ recorded: 0, sent: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.envelope.to).toEqual(['cy@acme.com', 'influx-ops@acme.com']);
    expect(mail!.mail.subject).toMatch(new RegExp(`^InfluxDB token "${t.description}" expires in 3 days`));
    const link = `${CONSOLE}/tokens/${t.id}`;
    expect(mail!.mail.text).toContain(link);
    expect(hook.requests).toHaveLength(1);
    const post = JSON.parse(hook.requests[0]!.body) as { text: string; notice: { url: string; kind: string } };
    expect(post.text).toContain(`<${link}|open the token>`);
    expect(post.notice).toMatchObject({ kind: 'before-3d', url: link });

    // At expiry the tick deactivates it in InfluxDB, then tells everyone it expired.
    expect(await bucketStatus(inst, t.token, bucket)).toBe(200);
    expect(await tick(start + 7 * DAY + 1_000)).toMatchObject({ recorded: 1, sent: 2, failed: [] });
    expect(await bucketStatus(inst, t.token, bucket)).toBe(401);
    await smtp.waitFor(2);
    expect(smtp.mails[1]!.mail.subject).toMatch(/has expired/);
    expect(JSON.parse(hook.requests[1]!.body)).toMatchObject({ notice: { kind: 'expired', tokenId: t.id } });
    expect(await tick(start + 8 * DAY)).toMatchObject({ recorded: 0, sent: 0 });
    expect(smtp.mails).toHaveLength(2);

    for (const m of smtp.mails) noValueIn(`${m.mail.subject}\n${m.mail.text}\n${m.mail.html || ''}`, t.token);
    for (const r of hook.requests) noValueIn(r.body, t.token);
    noValueIn(JSON.stringify(await sql.all('SELECT * FROM notice_outbox')), t.token);
    expect((await noticesOf(t.id, sql)).map((n) => [n.kind, n.channel, n.state])).toEqual([
      ['before-3d', 'email', 'sent'],
      ['before-3d', 'webhook', 'sent'],
      ['expired', 'email', 'sent'],
      ['expired', 'webhook', 'sent'],
    ]);
  });

  it('a token made outside the console: the admin who set its expiry is told; a changed expiry gets its own notices', async () => {
    start = Date.now();
    const outside = await createToken(inst, {
      description: `outside-${crypto.randomUUID().slice(0, 8)}`,
      permissions: [{ action: 'read', resource: { type: 'buckets', id: bucket, orgID: inst.orgID } }],
    });
    const deps = {
      connectionID: 'default',
      gateway: gateway(),
      org: () => Promise.resolve({ id: inst.orgID, name: 'acme' }),
      facts: () => Promise.resolve({ consoleUserID: inst.consoleUserID, consoleTokenID: inst.consoleTokenID, resourceTypes: [] }),
      policy: DEFAULT_POLICY,
      lifetimes: { policy: BUILT_IN_POLICY, minLifetimeMs: 1_000 },
      audit: (event: Parameters<typeof recordAudit>[0]) => recordAudit(event, sql),
      sql,
      now: () => new Date(start),
    };
    await changeTokenExpiry({ id: outside.id, expiry: '20d' }, { user: admin, requestId: crypto.randomUUID() }, deps);
    expect(await tick(start + 6 * DAY + 1_000)).toMatchObject({ recorded: 1, sent: 2 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.envelope.to).toEqual(['ada@acme.com', 'influx-ops@acme.com']);
    expect(mail!.mail.subject).toMatch(/expires in 14 days/);

    // Renewed for 30 days from then: the old expiry's notices are done, the new one starts afresh.
    deps.now = () => new Date(start + 6 * DAY + 2_000);
    await changeTokenExpiry({ id: outside.id, expiry: '30d' }, { user: admin, requestId: crypto.randomUUID() }, deps);
    expect(await tick(start + 7 * DAY)).toMatchObject({ recorded: 0, sent: 0 });
    expect(await tick(start + 6 * DAY + 2_000 + 16 * DAY + 1_000)).toMatchObject({ recorded: 1, sent: 2 });
    await smtp.waitFor(2);
    expect(smtp.mails[1]!.mail.subject).toMatch(/expires in 14 days/);
    noValueIn(smtp.mails.map((m) => m.mail.text).join('\n'), outside.token);
  });
});
