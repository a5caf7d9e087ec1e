// PostgreSQL stops while the console runs (issue 12): a real outage, the server shut down, so every
// connection is refused. Pages and actions must answer with words a person can act on, not a
// stack trace or a blank page, and the console must come back by itself once PostgreSQL is started
// again on the same port and data folder: no restart of the console.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { authorizationsDescribed } from '../scripts/influxd/operator';
import { startPostgres, type PostgresInstance } from '../scripts/postgres/harness';
import { actionId, callAction } from './support/console-http';
import { consoleEnv, freePort, startConsole, TEST_USERS, type RunningConsole } from './support/console-server';
import { MINT_PAGE, mintActionId, uniq } from './support/mint';
import { DATABASE_UNREACHABLE_WORDS } from '../lib/storage/unreachable';
import { newSignedInPage, signIn, submitSignInForm } from './support/sign-in';
import { expect, test } from './support/test';

const UNREACHABLE = "The console's database is not reachable right now";

test.describe('PostgreSQL down while the console runs', () => {
  let postgres: PostgresInstance;
  let server: RunningConsole;
  let dir: string;
  let cookie: string;

  test.beforeAll(async ({ stack }) => {
    test.setTimeout(120_000);
    dir = mkdtempSync(join(tmpdir(), 'itc-e2e-outage-'));
    postgres = await startPostgres();
    const port = await freePort();
    const baseURL = `http://localhost:${port}`;
    const env = consoleEnv({ influx: stack.influx, baseURL, dir, usersFile: stack.usersFile, extra: { DATABASE_URL: postgres.url } });
    server = await startConsole(env, port, dir);
    cookie = await signIn(baseURL, TEST_USERS.admin.username, TEST_USERS.admin.password);
  });

  test.afterAll(async () => {
    await server?.stop();
    await postgres?.stop();
    if (dir && !process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true });
  });

  const saveTemplate = (title: string) =>
    callAction<Record<string, unknown>>(
      server.baseURL,
      '/templates/new',
      actionId('createTemplate', 'app/(console)/templates/actions.ts'),
      [
        {
          slug: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
          title,
          purpose: 'outage check',
          notes: '',
          description: '',
          permissions: 'read:dashboards',
          audience: 'creators',
        },
      ],
      { cookie },
    );

  async function mint(orgID: string, description: string) {
    const input = {
      formKey: crypto.randomUUID(),
      orgID,
      description,
      status: 'active',
      owner: { kind: 'console' },
      grants: [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }],
      confirmSensitive: false,
    };
    return { description, ...(await callAction<Record<string, unknown>>(server.baseURL, MINT_PAGE, mintActionId(), [input], { cookie })) };
  }

  async function expectOutageWords(page: Page, path: string) {
    await page.goto(path);
    await expect(page.getByRole('alert').filter({ hasText: UNREACHABLE })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Database not reachable' })).toBeVisible();
    // Neither Next's bare "Application error" page nor a stack trace.
    await expect(page.locator('body')).not.toContainText(/Application error|server-side exception|\bat \S+ \(/);
  }

  test('pages, a template save and a mint say the database is not reachable, then work again once it is back', async ({
    browser,
    stack,
  }) => {
    test.setTimeout(120_000);
    const page = await newSignedInPage(browser, server.baseURL, 'admin');
    await page.goto('/templates');
    await expect(page.getByRole('heading', { name: 'Templates', exact: true })).toBeVisible();

    await postgres.halt();

    for (const path of ['/tokens', '/templates', '/audit']) await expectOutageWords(page, path);
    const refusedMint = await mint(stack.influx.orgID, `outage ${uniq('mint')}`);
    expect(refusedMint.result).toMatchObject({ ok: false, code: 'unavailable', formError: expect.stringContaining(UNREACHABLE) });
    // The one-time form key is claimed in the database before InfluxDB is asked: no token was made.
    expect(await authorizationsDescribed(stack.influx, refusedMint.description)).toHaveLength(0);
    const refused = await saveTemplate(`Outage ${uniq('down')}`);
    expect(refused.result).toMatchObject({ ok: false, code: 'unavailable', formError: expect.stringContaining(UNREACHABLE) });

    await postgres.resume();

    const title = `Outage ${uniq('back')}`;
    const saved = await saveTemplate(title);
    expect(saved.result).toMatchObject({ ok: true });
    await page.goto('/templates');
    await expect(page.getByRole('heading', { name: 'Templates', exact: true })).toBeVisible();
    await expect(page.getByText(title)).toBeVisible();
    await expect(page.getByText(UNREACHABLE)).toHaveCount(0);
    await page.goto('/tokens');
    await expect(page.getByRole('heading', { name: 'Tokens', exact: true })).toBeVisible();
    await expect(page.getByText(UNREACHABLE)).toHaveCount(0);
    const minted = await mint(stack.influx.orgID, `outage ${uniq('back')}`);
    expect(minted.result).toMatchObject({ ok: true });
    expect(await authorizationsDescribed(stack.influx, minted.description)).toHaveLength(1);
  });

  test('a JSON route answers 503 with the same words; someone signing in is told the database is down; both work again', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    // The audit export reads the database first thing. (The pickers need no database: they go on
    // answering from InfluxDB.)
    const exportPath = '/api/audit/export?format=csv';
    const get = (path: string) => fetch(`${server.baseURL}${path}`, { headers: { cookie } });
    const page = await (await browser.newContext({ baseURL: server.baseURL })).newPage();

    await postgres.halt();
    try {
      const res = await get(exportPath);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: 'unavailable', message: DATABASE_UNREACHABLE_WORDS });
      // Someone signing in meanwhile: the password is checked without the database (the sign-in
      // limits fall back to memory), and the first page says what is wrong, not the password.
      await page.goto('/signin');
      await submitSignInForm(page, 'admin');
      await expect(page.getByRole('heading', { name: 'Database not reachable' })).toBeVisible();
      await expect(page.getByText(DATABASE_UNREACHABLE_WORDS)).toBeVisible();
      await expect(page.getByText(/Wrong username or password/)).toHaveCount(0);
    } finally {
      await postgres.resume();
    }

    await expect.poll(async () => (await get(exportPath)).status, { timeout: 30_000 }).toBe(200);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('heading', { name: 'Tokens', exact: true })).toBeVisible();
  });
});
