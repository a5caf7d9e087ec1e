// A second influxd with --use-hashed-tokens=false (InfluxDB then lists every token value in
// clear) and a second console process from the same build, with a fast scheduler tick and a
// short minimum grace period (CONSOLE_SCHEDULER_TICK_MS, CONSOLE_MIN_GRACE_SECONDS: settings,
// not a login path). Proves: no token value reaches the browser through the inventory; replace
// with a grace period really deactivates the original later, also across a console restart.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from '@playwright/test';
import { bucketStatus, startInfluxd, type InfluxInstance } from '../scripts/influxd/harness';
import { createToken, getAuthorization, listAuthorizations, type Permission } from '../scripts/influxd/operator';
import { consoleEnv, freePort, startConsole, writeUsersFile, type RunningConsole, type TestRole } from './support/console-server';
import { newSignedInPage } from './support/sign-in';
import { recordThroughRoute } from './support/route-recorder';
import { expect, test } from './support/test';

test.describe.configure({ mode: 'serial' });

let inf: InfluxInstance;
let dir: string;
let env: Record<string, string>;
let port: number;
let running: RunningConsole | undefined;
let baseURL: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  inf = await startInfluxd({ hashedTokens: false });
  dir = mkdtempSync(join(tmpdir(), 'itc-e2e-unhashed-'));
  port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  env = consoleEnv({
    influx: inf,
    baseURL,
    dir,
    usersFile: writeUsersFile(dir),
    extra: { CONSOLE_SCHEDULER_TICK_MS: '500', CONSOLE_MIN_GRACE_SECONDS: '2' },
  });
  const read: Permission[] = [{ action: 'read', resource: { type: 'buckets', id: inf.bucketID, orgID: inf.orgID } }];
  const work: Promise<unknown>[] = [];
  for (let i = 0; i < 60; i++)
    work.push(
      createToken(inf, {
        description: `edge ${String(i).padStart(2, '0')}`,
        permissions: read,
        ...(i % 7 === 0 ? { status: 'inactive' as const } : {}),
      }),
    );
  work.push(
    createToken(inf, { description: 'minter', permissions: [{ action: 'write', resource: { type: 'authorizations', orgID: inf.orgID } }] }),
  );
  await Promise.all(work);
  running = await startConsole(env, port, dir);
});

test.afterAll(async () => {
  await running?.stop();
  await inf?.stop();
  if (dir && !process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true });
});

const signedIn = (browser: Browser, role: TestRole): Promise<Page> => newSignedInPage(browser, baseURL, role);

const rows = (page: Page) => page.getByTestId('token-row');

test('no token value appears in any page, action result or network response of the inventory', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await signedIn(browser, 'admin');
  // Every response goes through this route, so its whole body is recorded before the page gets it.
  const recorder = await recordThroughRoute(page.context());

  // Browse: list, search, filters, sort, paging.
  await page.goto('/tokens');
  await expect(rows(page)).toHaveCount(50);
  await page.getByLabel('Search description or owner').fill('edge');
  await expect(page).toHaveURL(/q=edge/);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByTestId('page-status')).toHaveText('51–60 of 60');
  await page.getByLabel('Status').selectOption('inactive');
  await expect(rows(page)).toHaveCount(9);
  await page.goto('/tokens?sensitive=1&sort=owner&dir=asc');
  await expect(rows(page)).toHaveCount(3); // operator, console credential, minter
  await page.goto(`/tokens?write=${inf.bucketID}&size=100`);
  await expect(rows(page).first()).toBeVisible();

  // Detail pages, including the two most powerful tokens.
  const all = await listAuthorizations(inf);
  const operatorToken = all.find((a) => a.description === "operator's Token")!;
  for (const id of [inf.consoleTokenID, operatorToken.id, all.find((a) => a.description === 'edge 01')!.id]) {
    await page.goto(`/tokens/${id}`);
    await expect(page.getByTestId('grant-lines')).toBeVisible();
  }

  // Changes: status both ways, description, clone, bulk.
  const edge02 = all.find((a) => a.description === 'edge 02')!;
  await page.goto(`/tokens/${edge02.id}`);
  await page.getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByRole('status')).toContainText('Deactivated');
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(page.getByRole('status')).toContainText('Activated');
  await page.getByRole('button', { name: 'Edit description' }).click();
  await page.getByRole('dialog').getByLabel('Description').fill('edge 02 renamed');
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('edge 02 renamed');
  await page.getByRole('button', { name: 'Clone' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Create the clone' }).click();
  const dialog = page.getByTestId('new-token-dialog');
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  const cloneValue = (await dialog.getByTestId('token-value').textContent())!;
  await dialog.getByLabel('I have stored this token').check();
  await dialog.getByRole('button', { name: 'Done' }).click();

  await page.goto('/tokens?q=edge 1');
  await page.getByLabel('Select every token on this page').check();
  await page.getByRole('button', { name: 'Deactivate selected…' }).click();
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: /^Deactivate \d+$/ })
    .click();
  await expect(page.getByTestId('bulk-results')).toBeVisible();
  await page.getByTestId('bulk-results').getByRole('button', { name: 'Close' }).click();
  await page.goto('/audit');
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await page.goto('/tokens');
  await expect(rows(page).first()).toBeVisible();

  // Every value the operator can list now: the server really hands them out in clear.
  const values = (await listAuthorizations(inf)).map((a) => a.token as string);
  expect(values.length).toBeGreaterThan(60);
  expect(values).toContain(inf.operatorToken);
  expect(values).toContain(cloneValue);
  const bodies = recorder.responses.map((r) => ({ url: `${r.method} ${r.url}`, text: r.body.toString('utf8') }));
  expect(bodies.length).toBeGreaterThan(20);
  const hits = (v: string) =>
    bodies
      .filter((b) => b.text.includes(v) || b.text.includes(encodeURIComponent(v)) || b.text.includes(Buffer.from(v).toString('base64')))
      .map((b) => b.url);
  for (const v of values) {
    if (v === cloneValue) {
      // The one response that feeds the copy-once dialog, and nothing else.
      const found = hits(v);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^POST .*\/tokens\//);
    } else {
      expect(hits(v), 'a token value reached the browser').toEqual([]);
    }
  }
  // Nor in the console's log or its own database.
  const files = [
    env.CONSOLE_LOG_FILE!,
    join(env.CONSOLE_DATA_DIR!, 'console.sqlite'),
    join(env.CONSOLE_DATA_DIR!, 'console.sqlite-wal'),
  ].filter((f) => existsSync(f));
  expect(files.length).toBeGreaterThanOrEqual(2);
  for (const f of files) {
    const content = readFileSync(f).toString('latin1');
    for (const v of values) expect(content.includes(v), `${f} holds a token value`).toBe(false);
  }
  await page.context().close();
});

test('replace with a grace period: the original keeps working, then the console deactivates it', async ({ browser }) => {
  test.setTimeout(90_000);
  const src = await createToken(inf, {
    description: 'grace rotate',
    permissions: [{ action: 'read', resource: { type: 'buckets', id: inf.bucketID, orgID: inf.orgID } }],
  });
  const page = await signedIn(browser, 'admin');
  await page.goto(`/tokens/${src.id}`);
  await page.getByRole('button', { name: 'Replace' }).click();
  const confirm = page.getByRole('alertdialog');
  await confirm.getByLabel('After').check();
  await confirm.getByLabel('Grace period amount').fill('6');
  await confirm.getByLabel('Grace period unit').selectOption({ label: 'seconds' });
  await expect(confirm).toContainText('6 seconds after the new token is created');
  await confirm.getByRole('button', { name: 'Replace token' }).click();
  const dialog = page.getByTestId('new-token-dialog');
  await expect(dialog.getByTestId('replace-scheduled')).toContainText('stays active until');
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  const value = (await dialog.getByTestId('token-value').textContent())!;
  await dialog.getByLabel('I have stored this token').check();
  await dialog.getByRole('button', { name: 'Done' }).click();

  // Shown as scheduled, on the token and in the list; both tokens work for now.
  await expect(page.getByTestId('scheduled-deactivation')).toContainText('Scheduled: the console deactivates this token at');
  expect(await bucketStatus(inf, src.token, inf.bucketID)).toBe(200);
  expect(await bucketStatus(inf, value, inf.bucketID)).toBe(200);
  await page.goto('/tokens?q=grace rotate');
  await page.getByRole('button', { name: 'Reload from InfluxDB' }).click();
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).filter({ hasText: 'deactivates' })).toHaveCount(1);

  // The console does it when the time comes, with nobody clicking anything.
  await expect.poll(async () => (await getAuthorization(inf, src.id)).body.status, { timeout: 20_000 }).toBe('inactive');
  expect(await bucketStatus(inf, src.token, inf.bucketID)).toBe(401);
  expect(await bucketStatus(inf, value, inf.bucketID)).toBe(200);
  // InfluxDB says inactive a moment before the scheduler records the run as done (it writes that
  // after InfluxDB answers), so a page rendered in between still shows it running: load the page
  // until it shows the recorded run.
  await expect(async () => {
    await page.goto(`/tokens/${src.id}`);
    await expect(page.getByText(/: done \(deactivated\)/)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByText('Inactive', { exact: true })).toBeVisible();
  await expect(page.getByTestId('scheduled-deactivation')).toHaveCount(0);
  await page.goto(`/audit?token=${src.id}`);
  await expect(page.getByTestId('audit-row').first()).toContainText('Scheduled deactivation ran');
  await expect(page.getByTestId('audit-row').first()).toContainText('system');
  await page.context().close();
});

test('a scheduled deactivation survives a console restart', async ({ browser }) => {
  test.setTimeout(120_000);
  const src = await createToken(inf, {
    description: 'restart rotate',
    permissions: [{ action: 'read', resource: { type: 'buckets', id: inf.bucketID, orgID: inf.orgID } }],
  });
  const page = await signedIn(browser, 'admin');
  await page.goto(`/tokens/${src.id}`);
  await page.getByRole('button', { name: 'Replace' }).click();
  const confirm = page.getByRole('alertdialog');
  await confirm.getByLabel('After').check();
  await confirm.getByLabel('Grace period amount').fill('5');
  await confirm.getByLabel('Grace period unit').selectOption({ label: 'seconds' });
  await confirm.getByRole('button', { name: 'Replace token' }).click();
  await expect(page.getByTestId('new-token-dialog').getByTestId('replace-scheduled')).toBeVisible();
  await page.context().close();

  // The console goes down before the deactivation is due and stays down past it.
  await running!.stop();
  running = undefined;
  await new Promise((r) => setTimeout(r, 6_000));
  expect((await getAuthorization(inf, src.id)).body.status).toBe('active');

  // A new process on the same data folder finds the due row in SQLite and carries it out.
  running = await startConsole(env, port, dir);
  await expect.poll(async () => (await getAuthorization(inf, src.id)).body.status, { timeout: 20_000 }).toBe('inactive');
  expect(await bucketStatus(inf, src.token, inf.bucketID)).toBe(401);
});
