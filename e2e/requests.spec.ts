// Access requests end to end (issue 15), on a console of their own over the run's influxd: its
// users file has a second admin, and four eyes is on (CONSOLE_REQUEST_FOUR_EYES=true, a setting).
// Three browser contexts (creator, admin, second admin): the creator asks for more than the policy
// lets them mint, an admin approves it narrowed, the creator mints it through the copy-once
// dialog; InfluxDB then holds exactly the approved permissions, and nothing the admins' browsers
// received carries the value. Then direct posts to the actions, as a script would: every refusal
// answers with its reason and leaves InfluxDB as it was.
import Database from 'better-sqlite3';
import bcrypt from 'bcryptjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from '@playwright/test';
import { createBucket, deleteBucket, getAuthorization, listAuthorizations, sortedPermissionStrings } from '../scripts/influxd/operator';
import { actionId, callAction, pagePathOf } from './support/console-http';
import { consoleEnv, freePort, startConsole, TEST_USERS, type RunningConsole } from './support/console-server';
import { uniq } from './support/mint';
import { signIn } from './support/sign-in';
import type { Stack } from './support/stack';
import { expect, test } from './support/test';

const REQUESTS = 'app/(console)/requests/actions.ts';
const MINT = 'app/(console)/tokens/new/actions.ts';
const SECOND_ADMIN = { username: 'bo-admin', password: 'e2e-second-admin-password-123', role: 'admin' } as const;
const PEOPLE = { ...TEST_USERS, second: SECOND_ADMIN };
type Who = keyof typeof PEOPLE;

type Result = { ok: boolean; code?: string; formError?: string; fieldErrors?: Record<string, string[]>; data?: Record<string, unknown> };

let running: RunningConsole | undefined;
let dir: string | undefined;
let baseURL: string;
const cookies = new Map<Who, string>();

async function post(who: Who, exportName: string, input: unknown, file = REQUESTS): Promise<Result> {
  const id = actionId(exportName, file);
  const res = await callAction<Result>(baseURL, pagePathOf(id), id, [input], { cookie: cookies.get(who)! });
  const r = res.result as Result | undefined;
  return typeof r?.ok === 'boolean' ? r : { ok: false, code: `no action result (http ${res.status})`, formError: res.raw.slice(0, 200) };
}

async function contextFor(browser: Browser, who: Who): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  await context.addCookies(
    cookies
      .get(who)!
      .split('; ')
      .map((pair) => {
        const eq = pair.indexOf('=');
        return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: baseURL };
      }),
  );
  return context;
}

/** Every response body a context receives, to look for the token value afterwards. */
function keepBodies(context: BrowserContext): string[] {
  const bodies: string[] = [];
  context.on('response', async (response) => {
    bodies.push(`${response.url()}\n${JSON.stringify(await response.allHeaders().catch(() => ({})))}`);
    try {
      bodies.push((await response.body()).toString('utf8'));
    } catch {
      // redirects and aborted requests have no body
    }
  });
  return bodies;
}

/** Authorizations whose description starts with the test's tag: what a refusal must not change. */
async function tagged(stack: Stack, tag: string): Promise<string[]> {
  return (await listAuthorizations(stack.influx))
    .filter((a) => a.description?.startsWith(tag))
    .map((a) => `${a.id} ${a.status}`)
    .sort();
}

const orgPerm = (stack: Stack, action: string, type: string) => `${action}:${type}/*@${stack.influx.orgID}`;

function formOf(stack: Stack, description: string, grants: unknown[], extra: Record<string, unknown> = {}) {
  return { connectionId: 'default', orgID: stack.influx.orgID, description, owner: { kind: 'console' }, grants, lifetime: '7d', ...extra };
}
const WRITE_TOKENS = { type: 'authorizations', action: 'write', scope: { kind: 'all' } };
const READ_BUCKETS = { type: 'buckets', action: 'read', scope: { kind: 'all' } };

test.describe('access requests', () => {
  test.beforeAll(async ({ stack }) => {
    test.setTimeout(120_000);
    dir = mkdtempSync(join(tmpdir(), 'itc-requests-'));
    const usersFile = join(dir, 'users.json');
    const users = Object.values(PEOPLE).map((u) => ({
      username: u.username,
      name: u.username,
      role: u.role,
      passwordHash: bcrypt.hashSync(u.password, 4),
    }));
    writeFileSync(usersFile, JSON.stringify({ users }), { mode: 0o600 });
    const port = await freePort();
    baseURL = `http://localhost:${port}`;
    const extra = { CONSOLE_REQUEST_FOUR_EYES: 'true' };
    running = await startConsole(consoleEnv({ influx: stack.influx, baseURL, dir, usersFile, extra }), port, dir);
    for (const who of Object.keys(PEOPLE) as Who[]) cookies.set(who, await signIn(baseURL, PEOPLE[who].username, PEOPLE[who].password));
  });

  test.afterAll(async () => {
    await running?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('request, narrow, approve, mint: InfluxDB holds the approved set, and no admin ever received the value', async ({
    browser,
    stack,
  }) => {
    test.setTimeout(120_000);
    const description = uniq('e2e request');
    const creator = await contextFor(browser, 'creator');
    const admin = await contextFor(browser, 'admin');
    const second = await contextFor(browser, 'second');
    const adminBodies = keepBodies(admin);
    const secondBodies = keepBodies(second);

    // The creator builds more than the policy lets them mint.
    const page = await creator.newPage();
    await page.goto('/tokens/new');
    await page.getByLabel('Description').fill(description);
    await expect(page.getByLabel('Write API tokens')).toBeDisabled();
    await page.getByTestId('ask-for-more').getByRole('checkbox').check();
    await page.getByLabel('Write API tokens').check();
    await page.getByLabel('Read buckets').check();
    await page.getByLabel('Read dashboards').check();
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByRole('button', { name: 'Create token' })).toBeDisabled();
    const panel = page.getByTestId('request-this-token');
    await panel.getByRole('button', { name: 'Send request' }).click();
    await expect(page.getByTestId('request-error')).toContainText('Say why you need this token');
    await panel.getByLabel('Why do you need it?').fill('The edge gateway provisions its own tokens.');
    await panel.getByRole('button', { name: 'Send request' }).click();
    const link = page.getByTestId('request-link');
    await expect(link).toBeVisible();
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/requests\/[0-9a-f-]{36}$/);

    // Both admins see it waiting, with the count in the navigation.
    const adminPage = await admin.newPage();
    const secondPage = await second.newPage();
    for (const p of [adminPage, secondPage]) {
      await p.goto('/requests');
      await expect(p.getByTestId('nav-badge-requests')).toBeVisible();
      await expect(p.getByTestId('review-queue').getByRole('link', { name: description })).toBeVisible();
    }
    // The requester's list says where it stands.
    await page.goto('/requests');
    await expect(page.getByTestId('my-requests').getByTestId('request-row').filter({ hasText: description })).toContainText(
      'Waiting for review',
    );

    // The admin narrows it: no dashboards.
    await adminPage.goto(href);
    await expect(adminPage.getByTestId('review-grants')).toContainText('API tokens');
    await adminPage.getByTestId('keep-read:dashboards').uncheck();
    await adminPage.getByTestId('confirm-sensitive').check();
    await adminPage.getByRole('button', { name: 'Approve narrowed' }).click();
    await expect(adminPage.getByTestId('request-page-state')).toHaveText('Approved with changes: ready to create');

    // The second admin can no longer act on it.
    await secondPage.goto(href);
    await expect(secondPage.getByTestId('request-page-state')).toHaveText('Approved with changes: ready to create');
    await expect(secondPage.getByTestId('review-panel')).toHaveCount(0);

    // The creator mints exactly that, through the copy-once dialog.
    await page.goto(href);
    await expect(page.getByTestId('review-grants')).not.toContainText('dashboards');
    await page.getByTestId('confirm-sensitive').check();
    await page.getByTestId('mint-approved').click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Reveal' }).click();
    const token = (await dialog.getByTestId('token-value').textContent())?.trim() ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_=-]{80,}$/);
    await dialog.getByLabel('I have stored this token').check();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('request-page-state')).toHaveText('Token created');
    const tokenId = (await page.getByTestId('request-token-id').textContent())!.trim();

    const stored = await getAuthorization(stack.influx, tokenId);
    expect(stored.status).toBe(200);
    expect(stored.body.description).toBe(description);
    expect(sortedPermissionStrings(stored.body.permissions)).toEqual(
      [orgPerm(stack, 'write', 'authorizations'), orgPerm(stack, 'read', 'buckets')].sort(),
    );

    // The admins look at it once more after the mint; nothing they ever received holds the value.
    await adminPage.goto(href);
    await expect(adminPage.getByTestId('request-token-id')).toHaveText(tokenId);
    await secondPage.goto('/requests');
    expect(adminBodies.length).toBeGreaterThan(5);
    expect(adminBodies.some((b) => b.includes(token))).toBe(false);
    expect(secondBodies.some((b) => b.includes(token))).toBe(false);
    await Promise.all([creator.close(), admin.close(), second.close()]);
  });

  test('direct posts: every refusal says why and changes nothing in InfluxDB', async ({ stack }) => {
    test.setTimeout(120_000);
    const tag = uniq('e2e req posts');
    const before = await tagged(stack, tag);
    const request = async (who: Who, description: string, grants: unknown[] = [WRITE_TOKENS, READ_BUCKETS]) => {
      const r = await post(who, 'requestToken', { form: formOf(stack, description, grants), justification: 'needed for the test' });
      expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
      return r.data!.id as string;
    };
    const mint = (who: Who, id: string, form: unknown) =>
      post(who, 'mintRequest', { id, form, formKey: crypto.randomUUID(), confirmSensitive: true });

    // A viewer cannot request.
    const viewer = await post('viewer', 'requestToken', { form: formOf(stack, `${tag} viewer`, [READ_BUCKETS]), justification: 'x' });
    expect(viewer).toMatchObject({ ok: false, code: 'forbidden' });

    // An empty or too long justification is refused, naming the field.
    const empty = await post('creator', 'requestToken', { form: formOf(stack, `${tag} empty`, [READ_BUCKETS]), justification: '   ' });
    expect(empty).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(empty.fieldErrors?.justification?.[0]).toContain('Say why you need this token');
    const long = await post('creator', 'requestToken', {
      form: formOf(stack, `${tag} long`, [READ_BUCKETS]),
      justification: 'x'.repeat(1001),
    });
    expect(long.fieldErrors?.justification?.[0]).toBe('Keep the justification to 1000 characters or fewer.');

    // Four eyes: the admin may not mint a sensitive token directly; they request it, may not
    // approve it themselves, and the second admin does.
    const direct = await post(
      'admin',
      'createToken',
      {
        formKey: crypto.randomUUID(),
        orgID: stack.influx.orgID,
        description: `${tag} four eyes`,
        status: 'active',
        owner: { kind: 'console' },
        grants: [WRITE_TOKENS],
        confirmSensitive: true,
        lifetime: '7d',
      },
      MINT,
    );
    expect(direct).toMatchObject({ ok: false, code: 'forbidden' });
    expect(direct.formError).toContain('second admin');
    const fourEyes = await request('admin', `${tag} four eyes`, [WRITE_TOKENS]);
    const own = await post('admin', 'approveRequest', { id: fourEyes });
    expect(own).toMatchObject({ ok: false, code: 'forbidden' });
    expect(own.formError).toContain('Nobody reviews their own request');
    expect(await post('second', 'approveRequest', { id: fourEyes })).toMatchObject({ ok: true });
    const fourEyesForm = formOf(stack, `${tag} four eyes`, [WRITE_TOKENS]);
    const first = await mint('admin', fourEyes, fourEyesForm);
    expect(first, JSON.stringify({ ...first, data: undefined })).toMatchObject({ ok: true });
    const mintedId = first.data!.id as string;
    expect(await tagged(stack, tag)).toEqual([...before, `${mintedId} active`].sort());
    const afterMint = await tagged(stack, tag);

    // The same approval a second time.
    const again = await mint('admin', fourEyes, fourEyesForm);
    expect(again).toMatchObject({ ok: false, code: 'conflict' });
    expect(again.formError).toContain('already used');

    // A form other than the approved one.
    const differs = await request('creator', `${tag} differs`);
    expect(await post('admin', 'approveRequest', { id: differs })).toMatchObject({ ok: true });
    const other = await mint('creator', differs, formOf(stack, `${tag} differs`, [WRITE_TOKENS, READ_BUCKETS], { lifetime: '30d' }));
    expect(other).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(other.formError).toContain('differs from what was approved');
    // Nor may anyone but the requester use it.
    expect(await mint('second', differs, formOf(stack, `${tag} differs`, [WRITE_TOKENS, READ_BUCKETS]))).toMatchObject({
      ok: false,
      code: 'forbidden',
    });

    // Changing an approved request sends it back for review: its approval no longer mints.
    const longer = formOf(stack, `${tag} differs`, [WRITE_TOKENS, READ_BUCKETS], { lifetime: '30d' });
    expect(await post('creator', 'changeRequest', { id: differs, form: longer, justification: 'a month, please' })).toMatchObject({
      ok: true,
    });
    const sentBack = await mint('creator', differs, formOf(stack, `${tag} differs`, [WRITE_TOKENS, READ_BUCKETS]));
    expect(sentBack).toMatchObject({ ok: false, code: 'conflict' });
    expect(sentBack.formError).toContain('is waiting for review');

    // A denied request.
    const denied = await request('creator', `${tag} denied`);
    const noReason = await post('second', 'denyRequest', { id: denied, reason: '' });
    expect(noReason.fieldErrors?.reason?.[0]).toContain('Say why the request is denied');
    expect(await post('second', 'denyRequest', { id: denied, reason: 'use the shared token' })).toMatchObject({ ok: true });
    const deniedMint = await mint('creator', denied, formOf(stack, `${tag} denied`, [WRITE_TOKENS, READ_BUCKETS]));
    expect(deniedMint).toMatchObject({ ok: false, code: 'conflict' });
    expect(deniedMint.formError).toContain('was denied');
    // Its page gives the reason and offers the form again in the builder, for a new request.
    const deniedPage = await (await fetch(`${baseURL}/requests/${denied}`, { headers: { Cookie: cookies.get('creator')! } })).text();
    expect(deniedPage).toContain('use the shared token');
    expect(deniedPage).toMatch(/data-testid="request-again"[^]*href="\/tokens\/new\?/);

    // An approval older than its window (the approval's time moved back in the console's own
    // database stands for a day passing).
    const late = await request('creator', `${tag} late`);
    expect(await post('admin', 'approveRequest', { id: late })).toMatchObject({ ok: true });
    const db = new Database(join(dir!, 'data', 'console.sqlite'));
    try {
      db.prepare('UPDATE access_requests SET reviewed_at = reviewed_at - ? WHERE id = ?').run(2 * 86_400_000, late);
    } finally {
      db.close();
    }
    const expired = await mint('creator', late, formOf(stack, `${tag} late`, [WRITE_TOKENS, READ_BUCKETS]));
    expect(expired).toMatchObject({ ok: false, code: 'conflict' });
    expect(expired.formError).toContain('expired');

    // An item that vanished before approval: the approval names it and is refused.
    const bucketName = uniq('e2e-req-bucket');
    const bucketID = await createBucket(stack.influx, bucketName);
    const vanishing = await request('creator', `${tag} vanished`, [
      { type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: bucketID, name: bucketName }] } },
    ]);
    expect(await deleteBucket(stack.influx, bucketID)).toBe(204);
    const gone = await post('admin', 'approveRequest', { id: vanishing });
    expect(gone).toMatchObject({ ok: false, code: 'not-found' });
    expect(gone.formError).toContain(bucketName);
    expect(gone.formError).toContain('Deny it with that reason, or approve it narrowed without them');

    // A creator may not review at all.
    expect(await post('creator', 'approveRequest', { id: vanishing })).toMatchObject({ ok: false, code: 'forbidden' });

    // Nothing refused created or changed a token.
    expect(await tagged(stack, tag)).toEqual(afterMint);
  });
});
