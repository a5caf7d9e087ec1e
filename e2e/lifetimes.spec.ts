// Token lifetimes end to end: the builder's expiry choice reaches the review, the copy-once dialog
// (its date, and that the console, not InfluxDB, enforces it) and the inventory's Expires column.
// A second console on the same influxd lets creators mint sensitive grants
// (CONSOLE_SENSITIVE_GRANTS_ROLE=creator), so the lifetime maximum for them is what refuses:
// in the builder as a field error, and on the server when the action is posted to directly. It
// also allows lifetimes of seconds and ticks its scheduler fast (CONSOLE_MIN_LIFETIME_SECONDS,
// CONSOLE_SCHEDULER_TICK_MS: settings, not a login path), so a 3-second token is seen inactive in
// influxd and "expired" in the inventory (polled for, never slept on).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorizationsDescribed, getAuthorization } from '../scripts/influxd/operator';
import { callAction } from './support/console-http';
import { consoleEnv, freePort, startConsole, type RunningConsole } from './support/console-server';
import { contextAs, createAndReadToken, finishDialog, MINT_PAGE, mintActionId, sessionCookie, uniq } from './support/mint';
import { expect, storageStateFor, test } from './support/test';

const DAY = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

test('a creator mints with 7 days: the review and the dialog show the date, the inventory shows Expires', async ({ browser, stack }) => {
  const context = await contextAs(browser, stack, 'creator', { permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const description = uniq('e2e seven days');
  await page.goto(MINT_PAGE);
  await page.getByLabel('Description').fill(description);
  await page.getByLabel('Read dashboards').check();
  const field = page.getByTestId('lifetime-field');
  await expect(field.getByLabel('Default (90 days)')).toBeChecked();
  await field.getByLabel('7 days').check();
  await expect(page.getByTestId('lifetime-when')).toContainText('The console, not InfluxDB, will deactivate it then.');
  // The preview beside the body InfluxDB gets says what the console will do later.
  await expect(page.getByTestId('preview-expiry')).toContainText(`Then the console deactivates it at`);
  await expect(page.getByTestId('preview-expiry')).toContainText(utcDay(Date.now() + 7 * DAY));
  // "Never" is for admins only under the built-in policy.
  await expect(field.getByLabel('Never')).toHaveCount(0);

  const before = Date.now();
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByTestId('review-expires')).toContainText(utcDay(before + 7 * DAY));
  await createAndReadToken(page);
  const dialogExpires = page.getByRole('alertdialog').getByTestId('dialog-expires');
  await expect(dialogExpires).toContainText(`${utcDay(before + 7 * DAY)}`);
  await expect(dialogExpires).toContainText('UTC');
  await expect(dialogExpires).toContainText('The console, not InfluxDB, will deactivate it then.');
  await finishDialog(page);

  await page.goto(`/tokens?q=${encodeURIComponent(description)}`);
  await page.getByRole('button', { name: 'Reload from InfluxDB' }).click();
  const row = page.getByTestId('token-row').filter({ hasText: description });
  await expect(row.getByTestId('row-expires')).toContainText(utcDay(before + 7 * DAY));
  await row.getByRole('link', { name: description }).click();
  await expect(page.getByTestId('detail-expires')).toContainText(utcDay(before + 7 * DAY));
  await context.close();
});

test.describe('a second console: creators may mint sensitive grants, lifetimes of seconds, a fast scheduler', () => {
  let running: RunningConsole | undefined;
  let dir: string | undefined;
  let baseURL: string;

  test.beforeAll(async ({ stack }) => {
    test.setTimeout(120_000);
    dir = mkdtempSync(join(tmpdir(), 'itc-lifetimes-'));
    const port = await freePort();
    // localhost like the main console, so the saved sessions work on it.
    baseURL = `http://localhost:${port}`;
    const extra = { CONSOLE_SENSITIVE_GRANTS_ROLE: 'creator', CONSOLE_MIN_LIFETIME_SECONDS: '1', CONSOLE_SCHEDULER_TICK_MS: '500' };
    running = await startConsole(consoleEnv({ influx: stack.influx, baseURL, dir, usersFile: stack.usersFile, extra }), port, dir);
  });

  test.afterAll(async () => {
    await running?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a creator gets the lifetime maximum as a field error in the builder and from a direct post, with nothing created', async ({
    browser,
    stack,
  }) => {
    const context = await browser.newContext({ baseURL, storageState: storageStateFor('creator') });
    const page = await context.newPage();
    await page.goto(MINT_PAGE);
    await page.getByLabel('Description').fill(uniq('e2e sensitive lifetime'));
    await page.getByLabel('Write API tokens').check();
    const field = page.getByTestId('lifetime-field');
    await expect(field.getByLabel('Default (30 days)')).toBeChecked();
    await field.getByLabel('90 days').check();
    await expect(field.getByRole('alert')).toHaveText(/Tokens with sensitive grants may live at most 30 days for creators/);
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByRole('button', { name: 'Create token' })).toBeDisabled();
    await context.close();

    const body = {
      formKey: crypto.randomUUID(),
      orgID: stack.influx.orgID,
      description: uniq('e2e direct lifetime'),
      status: 'active',
      owner: { kind: 'console' },
      grants: [{ type: 'authorizations', action: 'write', scope: { kind: 'all' } }],
      confirmSensitive: true,
      lifetime: '90d',
    };
    type Result = { ok: boolean; code?: string; fieldErrors?: Record<string, string[]> };
    const res = await callAction<Result>(baseURL, MINT_PAGE, mintActionId(), [body], { cookie: sessionCookie('creator') });
    expect(res.result).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(res.result.fieldErrors?.lifetime?.[0]).toMatch(/at most 30 days/);
    const past = { ...body, formKey: crypto.randomUUID(), lifetime: '2020-01-01' };
    const refused = await callAction<Result>(baseURL, MINT_PAGE, mintActionId(), [past], { cookie: sessionCookie('creator') });
    expect(refused.result.fieldErrors?.lifetime?.[0]).toMatch(/in the past/);
    expect(await authorizationsDescribed(stack.influx, body.description)).toHaveLength(0);
  });

  test('a token minted for 3 seconds is inactive in InfluxDB after it, and the inventory says expired', async ({ browser, stack }) => {
    test.setTimeout(90_000);
    const description = uniq('e2e three seconds');
    const body = {
      formKey: crypto.randomUUID(),
      orgID: stack.influx.orgID,
      description,
      status: 'active',
      owner: { kind: 'console' },
      grants: [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }],
      confirmSensitive: false,
      lifetime: '3s',
    };
    type Minted = { ok: boolean; data?: { id: string; expiresAt: string } };
    const res = await callAction<Minted>(baseURL, MINT_PAGE, mintActionId(), [body], { cookie: sessionCookie('creator') });
    expect(res.result).toMatchObject({ ok: true });
    const id = res.result.data!.id;
    await expect.poll(async () => (await getAuthorization(stack.influx, id)).body.status, { timeout: 30_000 }).toBe('inactive');

    const context = await browser.newContext({ baseURL, storageState: storageStateFor('creator') });
    const page = await context.newPage();
    await page.goto(`/tokens?q=${encodeURIComponent(description)}`);
    await page.getByRole('button', { name: 'Reload from InfluxDB' }).click();
    const row = page.getByTestId('token-row').filter({ hasText: description });
    await expect(row.getByTestId('row-expires')).toContainText(`expired ${utcDay(Date.parse(res.result.data!.expiresAt))}`);
    await context.close();
  });
});
