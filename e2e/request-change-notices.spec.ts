// Access request notices and the requester's change, end to end (issue 15): a console whose
// CONSOLE_LIFETIMES_FILE has notice channels (a real SMTP server and a local HTTP receiver, started
// here) and a fast scheduler. A new request reaches the team; its approval reaches the webhook with
// the link to the request; the requester then changes the approved request on its page, which
// sends it back for review (the page says so first) and tells the team again. Each notice once.
import { actionId, callAction, pagePathOf } from './support/console-http';
import type { TestRole } from './support/console-server';
import { sessionCookie, uniq } from './support/mint';
import { startNoticeConsole, type NoticeConsole } from './support/notice-console';
import { expect, storageStateFor, test } from './support/test';

const REQUESTS = 'app/(console)/requests/actions.ts';
type Result = { ok: boolean; code?: string; formError?: string; data?: Record<string, unknown> };

test.describe('access request notices and changes', () => {
  let app: NoticeConsole | undefined;
  let baseURL = '';

  const post = async (who: TestRole, exportName: string, input: unknown): Promise<Result> => {
    const id = actionId(exportName, REQUESTS);
    const res = await callAction<Result>(baseURL, pagePathOf(id), id, [input], { cookie: sessionCookie(who) });
    return res.result ?? { ok: false, code: `no action result (http ${res.status})` };
  };

  test.beforeAll(async ({ stack }) => {
    test.setTimeout(120_000);
    app = await startNoticeConsole(stack, { name: 'request-notices' });
    baseURL = app.baseURL;
  });

  test.afterAll(async () => {
    await app?.stop();
  });

  test('the team hears of a new request, the webhook of its approval; a change sends it back for review and tells the team again', async ({
    browser,
    stack,
  }) => {
    test.setTimeout(90_000);
    const description = uniq('e2e request notice');
    const form = {
      connectionId: 'default',
      orgID: stack.influx.orgID,
      description,
      owner: { kind: 'console' },
      grants: [
        { type: 'authorizations', action: 'write', scope: { kind: 'all' } },
        { type: 'buckets', action: 'read', scope: { kind: 'all' } },
      ],
      lifetime: '7d',
    };
    const created = await post('creator', 'requestToken', { form, justification: 'The edge gateway provisions its own tokens.' });
    expect(created, JSON.stringify(created)).toMatchObject({ ok: true });
    const id = created.data!.id as string;
    const link = `${baseURL}/requests/${id}`;
    const mails = () => app!.smtp.mails.filter((m) => m.mail.text?.includes(link));
    const hooks = () =>
      app!.hook.requests.map((r) => JSON.parse(r.body) as { event: { kind: string; url: string } }).filter((b) => b.event?.url === link);

    await expect.poll(() => mails().length, { timeout: 30_000 }).toBe(1);
    expect(mails()[0]!.envelope.to).toEqual(['influx-ops@acme.com']);
    expect(mails()[0]!.mail.subject).toContain('waits for review');

    expect(await post('admin', 'approveRequest', { id })).toMatchObject({ ok: true });
    await expect.poll(() => hooks().map((h) => h.event.kind), { timeout: 30_000 }).toEqual(['request.created', 'request.approved']);

    // The requester changes the approved request on its page: asks for less, says why again.
    const context = await browser.newContext({ baseURL, storageState: storageStateFor('creator') });
    const page = await context.newPage();
    await page.goto(`/requests/${id}`);
    await expect(page.getByTestId('request-page-state')).toHaveText('Approved: ready to create');
    await page.getByTestId('change-request-open').click();
    await expect(page.getByTestId('change-resets-approval')).toContainText('sends it back for review');
    await page.getByTestId('change-keep-write:authorizations').uncheck();
    await page.getByTestId('change-justification').fill('Reading buckets is enough after all.');
    await page.getByTestId('change-save').click();
    await expect(page.getByTestId('request-page-state')).toHaveText('Waiting for review');
    await expect(page.getByTestId('review-grants')).not.toContainText('API tokens');
    await expect(page.getByTestId('request-justification')).toHaveText('Reading buckets is enough after all.');
    await context.close();

    // Back in the queue: the team hears of it again, once; nothing was sent twice.
    await expect.poll(() => mails().length, { timeout: 30_000 }).toBe(2);
    await expect
      .poll(() => hooks().map((h) => h.event.kind), { timeout: 30_000 })
      .toEqual(['request.created', 'request.approved', 'request.created']);
    expect(mails().map((m) => m.envelope.to)).toEqual([['influx-ops@acme.com'], ['influx-ops@acme.com']]);
  });
});
