// Token lifetimes for tokens made outside the console (issue 13), end to end against the real
// influxd: an admin sets, changes and removes an expiry on the token page (a past date is refused
// with the field's error), sets one on several tokens at once from the inventory, and finds them
// with the Expires filter and sort. A second console (lifetimes of seconds, a fast scheduler) shows
// that an expiry set a few seconds ahead is carried out after a restart in between: the console was
// down at the expiry, the token stayed active meanwhile, and the restarted console deactivates it
// once (one token.expire audit row).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { createToken, getAuthorization } from '../scripts/influxd/operator';
import { actionId, callAction } from './support/console-http';
import { consoleEnv, freePort, startConsole, type RunningConsole } from './support/console-server';
import { contextAs, sessionCookie, uniq } from './support/mint';
import { expect, test } from './support/test';
import type { Stack } from './support/stack';

const DAY = 86_400_000;
const TOKENS_FILE = 'app/(console)/tokens/actions.ts';
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function outsideToken(stack: Stack, description: string) {
  return createToken(stack.influx, {
    description,
    permissions: [{ action: 'read', resource: { type: 'dashboards', orgID: stack.influx.orgID } }],
  });
}

async function chooseInDialog(page: Page, label: string, date?: string) {
  const dialog = page.getByTestId('expiry-dialog');
  await dialog.getByLabel(label).check();
  if (date) await dialog.getByLabel('Expiry date').fill(date);
  await dialog.getByRole('button', { name: 'Save expiry' }).click();
}

test('an admin sets, changes and removes the expiry of a token made outside the console', async ({ browser, stack }) => {
  const description = uniq('e2e outside expiry');
  const t = await outsideToken(stack, description);
  const context = await contextAs(browser, stack, 'admin');
  const page = await context.newPage();
  await page.goto(`/tokens/${t.id}`);
  await expect(page.getByTestId('detail-expires')).toHaveText('no expiry');

  const before = Date.now();
  await page.getByRole('button', { name: 'Set expiry' }).click();
  await chooseInDialog(page, 'in 30 days');
  await expect(page.getByTestId('expiry-dialog')).toHaveCount(0);
  await expect(page.getByTestId('detail-expires')).toContainText(utcDay(before + 30 * DAY));

  // A date in the past: the server's field error, and the stored expiry stays as it was.
  await page.getByRole('button', { name: 'Change expiry' }).click();
  await chooseInDialog(page, 'On a date', '2020-01-01');
  await expect(page.getByTestId('expiry-dialog').getByRole('alert')).toContainText('in the past');
  await chooseInDialog(page, 'in 7 days');
  await expect(page.getByTestId('expiry-dialog')).toHaveCount(0);
  await expect(page.getByTestId('detail-expires')).toContainText(utcDay(before + 7 * DAY));

  // The inventory: within 7 days, not "no expiry"; sorted by expiry, it comes before a token without one.
  await page.goto(`/tokens?q=${encodeURIComponent(description)}&expires=within-7d`);
  await page.getByRole('button', { name: 'Reload from InfluxDB' }).click();
  await expect(page.getByTestId('token-row').filter({ hasText: description })).toHaveCount(1);
  await page.getByLabel('Expires', { exact: true }).selectOption('none');
  await expect(page.getByTestId('inventory-empty')).toBeVisible();

  await page.goto(`/tokens/${t.id}`);
  await page.getByRole('button', { name: 'Change expiry' }).click();
  await chooseInDialog(page, 'Remove the expiry');
  await expect(page.getByTestId('detail-expires')).toHaveText('no expiry');
  await page.goto(`/tokens?q=${encodeURIComponent(description)}&expires=none`);
  await expect(page.getByTestId('token-row').filter({ hasText: description })).toHaveCount(1);
  // InfluxDB itself was never changed: the console enforces the expiry.
  expect((await getAuthorization(stack.influx, t.id)).body.status).toBe('active');
  await context.close();
});

test('an admin sets the expiry of several tokens at once; the filter and sort find them', async ({ browser, stack }) => {
  const tag = uniq('e2e bulk expiry');
  await Promise.all(['a', 'b', 'c'].map((x) => outsideToken(stack, `${tag} ${x}`)));
  const context = await contextAs(browser, stack, 'admin');
  const page = await context.newPage();
  await page.goto(`/tokens?q=${encodeURIComponent(tag)}`);
  await page.getByRole('button', { name: 'Reload from InfluxDB' }).click();
  await expect(page.getByTestId('token-row')).toHaveCount(3);
  await page.getByLabel(`Select "${tag} a"`).check();
  await page.getByLabel(`Select "${tag} b"`).check();
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Set expiry…' }).click();
  const before = Date.now();
  await chooseInDialog(page, 'in 7 days');
  const results = page.getByTestId('bulk-results');
  await expect(results).toContainText('2 given the new expiry');
  await results.getByRole('button', { name: 'Close' }).click();

  await page.goto(`/tokens?q=${encodeURIComponent(tag)}&expires=within-30d`);
  await expect(page.getByTestId('token-row')).toHaveCount(2);
  for (const row of await page.getByTestId('token-row').all())
    await expect(row.getByTestId('row-expires')).toContainText(utcDay(before + 7 * DAY));
  await page.goto(`/tokens?q=${encodeURIComponent(tag)}&sort=expires&dir=asc`);
  await expect(page.getByTestId('token-row').last()).toContainText(`${tag} c`);
  await expect(page.getByTestId('token-row').last().getByTestId('row-expires')).toHaveText('no expiry');
  await context.close();
});

test.describe('a console with lifetimes of seconds and a fast scheduler', () => {
  let dir: string | undefined;
  let running: RunningConsole | undefined;

  test.afterAll(async () => {
    await running?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('an expiry set a few seconds ahead is carried out after a restart in between, once', async ({ stack }) => {
    test.setTimeout(180_000);
    dir = mkdtempSync(join(tmpdir(), 'itc-expiry-restart-'));
    const port = await freePort();
    const baseURL = `http://localhost:${port}`;
    const env = consoleEnv({
      influx: stack.influx,
      baseURL,
      dir,
      usersFile: stack.usersFile,
      extra: { CONSOLE_MIN_LIFETIME_SECONDS: '1', CONSOLE_SCHEDULER_TICK_MS: '500' },
    });
    running = await startConsole(env, port, dir);
    const t = await outsideToken(stack, uniq('e2e restart expiry'));
    type Changed = { ok: boolean; data?: { expiresAt: string }; formError?: string };
    const res = await callAction<Changed>(baseURL, '/tokens', actionId('changeTokenExpiry', TOKENS_FILE), [{ id: t.id, expiry: '8s' }], {
      cookie: sessionCookie('admin'),
    });
    expect(res.result).toMatchObject({ ok: true });
    const expiresAt = Date.parse(res.result.data!.expiresAt);
    await running.stop();
    running = undefined;

    // Down over the expiry: nobody deactivated it.
    await expect.poll(() => Date.now() >= expiresAt + 1_000, { timeout: 30_000 }).toBe(true);
    expect((await getAuthorization(stack.influx, t.id)).body.status).toBe('active');

    running = await startConsole(env, port, dir);
    // The scheduler switches the token off in InfluxDB first and then, in one transaction, marks
    // its row done and writes the audit row: wait for that transaction, not for InfluxDB's status,
    // before reading the trail (the status alone can be seen between the two).
    const db = new Database(join(dir, 'data', 'console.sqlite'), { readonly: true });
    try {
      const expiryState = () =>
        db.prepare(`SELECT state FROM scheduled_deactivations WHERE kind = 'expiry' AND authorization_id = ?`).all(t.id);
      await expect.poll(expiryState, { timeout: 30_000 }).toEqual([{ state: 'done' }]);
      expect((await getAuthorization(stack.influx, t.id)).body.status).toBe('inactive');
      // The console's own trail: the restarted process deactivated it, once (a done row is never
      // claimed again).
      const rows = db.prepare(`SELECT outcome FROM audit_events WHERE action = 'token.expire' AND authorization_id = ?`).all(t.id);
      expect(rows).toEqual([{ outcome: 'success' }]);
    } finally {
      db.close();
    }
  });
});
