// Expiry notices end to end (issue 13): a console whose CONSOLE_LIFETIMES_FILE sends notices by
// e-mail to a real SMTP server (smtp-server, started here) and to a local HTTP receiver, with a fast
// scheduler. A token whose expiry an admin set a few seconds ahead is deactivated in InfluxDB and
// its "expired" notice reaches the team address and the webhook, once, linking to the token's page
// and never carrying the token's value; Settings shows the channels and sends a test notice.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createToken, getAuthorization } from '../scripts/influxd/operator';
import { actionId, callAction } from './support/console-http';
import { sessionCookie, uniq } from './support/mint';
import { startNoticeConsole, type NoticeConsole } from './support/notice-console';
import { expect, storageStateFor, test } from './support/test';

test.describe('a console that sends expiry notices', () => {
  let app: NoticeConsole | undefined;
  let baseURL = '';

  test.beforeAll(async ({ stack }) => {
    test.setTimeout(120_000);
    app = await startNoticeConsole(stack, {
      name: 'notices',
      notices: { before: ['14d', '3d'] },
      env: { CONSOLE_MIN_LIFETIME_SECONDS: '1' },
    });
    baseURL = app.baseURL;
  });

  test.afterAll(async () => {
    await app?.stop();
  });

  test('an expired token: deactivated, and one notice by e-mail and webhook with its page, never its value', async ({ stack }) => {
    test.setTimeout(90_000);
    const description = uniq('e2e notice');
    const t = await createToken(stack.influx, {
      description,
      permissions: [{ action: 'read', resource: { type: 'dashboards', orgID: stack.influx.orgID } }],
    });
    const res = await callAction<{ ok: boolean }>(
      baseURL,
      '/tokens',
      actionId('changeTokenExpiry', 'app/(console)/tokens/actions.ts'),
      [{ id: t.id, expiry: '3s' }],
      { cookie: sessionCookie('admin') },
    );
    expect(res.result).toMatchObject({ ok: true });

    await expect.poll(async () => (await getAuthorization(stack.influx, t.id)).body.status, { timeout: 30_000 }).toBe('inactive');
    const mine = () => app!.smtp.mails.filter((m) => m.mail.subject?.includes(description));
    await expect.poll(() => mine().length, { timeout: 30_000 }).toBe(1);
    await expect.poll(() => app!.hook.requests.filter((r) => r.body.includes(t.id)).length, { timeout: 30_000 }).toBe(1);

    const [mail] = mine();
    expect(mail!.mail.subject).toContain('has expired');
    expect(mail!.envelope.to).toEqual(['influx-ops@acme.com']);
    const link = `${baseURL}/tokens/${t.id}`;
    expect(mail!.mail.text).toContain(link);
    const [post] = app!.hook.requests.filter((r) => r.body.includes(t.id));
    const body = JSON.parse(post!.body) as { text: string; notice: { kind: string; url: string } };
    expect(body.notice).toMatchObject({ kind: 'expired', url: link });
    expect(body.text).toContain(link);
    for (const text of [mail!.mail.subject ?? '', mail!.mail.text ?? '', post!.body]) expect(text).not.toContain(t.token);

    // Recorded once per channel (the outbox's key), both sent: no later tick sends it again. The
    // outbox marks a notice sent after the mail server or webhook has answered, so the receivers
    // can hold it a moment before its row says so: poll the rows.
    const db = new Database(join(app!.dir, 'data', 'console.sqlite'), { readonly: true });
    try {
      const outbox = () =>
        db.prepare('SELECT kind, channel, state FROM notice_outbox WHERE authorization_id = ? ORDER BY channel').all(t.id);
      await expect.poll(outbox, { timeout: 30_000 }).toEqual([
        { kind: 'expired', channel: 'email', state: 'sent' },
        { kind: 'expired', channel: 'webhook', state: 'sent' },
      ]);
    } finally {
      db.close();
    }
  });

  test('Settings shows the lifetime policy and the channels, and sends a test notice', async ({ browser }) => {
    const context = await browser.newContext({ baseURL, storageState: storageStateFor('admin') });
    const page = await context.newPage();
    await page.goto('/settings');
    const section = page.getByTestId('lifetimes-settings');
    await expect(section.getByTestId('lifetime-policy')).toContainText('30 days proposed, at most 30 days');
    await expect(section.getByTestId('notice-channels')).toContainText(app!.smtp.url);
    await expect(section.getByTestId('notice-channels')).toContainText('influx-ops@acme.com');
    const before = app!.smtp.mails.length;
    await section.getByRole('button', { name: 'Send a test notice' }).click();
    const results = section.getByTestId('test-notice-results');
    await expect(results.locator('[data-channel="email"]')).toHaveAttribute('data-ok', 'true');
    await expect(results.locator('[data-channel="webhook"]')).toHaveAttribute('data-ok', 'true');
    await expect.poll(() => app!.smtp.mails.length).toBe(before + 1);
    expect(app!.smtp.mails.at(-1)!.mail.subject).toMatch(/^\[test\]/);
    await context.close();
  });
});
