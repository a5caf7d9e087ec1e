// Two more consoles against the same influxd, each with a deliberately limited credential made by
// the operator (and INFLUX_TOKEN_ID set, so each console can read what its credential holds):
// - "no-users": may mint in the org but holds no write:users: "another user" is disabled with the
//   explanation and the fix, and a direct post to the action is refused with the same words;
// - "no-bucket-write": may create users, but not grant write on buckets: the user is created, the
//   token then fails (403), and the half-done result offers retry and delete.
import { join } from 'node:path';
import { queryBucket, type Permission } from '../scripts/influxd/harness';
import { callAction } from './support/console-http';
import { startLimitedConsole, type RunningConsole } from './support/console-server';
import { authorizationsDescribed, getAuthorization, getUser, listAuthorizations, userNamed, usersNamed } from '../scripts/influxd/operator';
import { finishDialog, influxOf, MINT_PAGE, mintActionId, pickItem, sessionCookie, uniq } from './support/mint';
import { chooseNewOwner, deleteCreatedUserActionId } from './support/owner';
import type { Stack } from './support/stack';
import { expect, storageStateFor, test } from './support/test';

const SHOTS = join(__dirname, 'screenshots');
const running: RunningConsole[] = [];

test.describe.configure({ mode: 'serial' });
test.afterAll(async () => {
  for (const c of running) await c.stop();
});

/** A console whose credential may mint in the org and read buckets, plus `extra`. */
async function limitedConsole(stack: Stack, label: string, extra: Permission[]) {
  const inst = stack.influx;
  const c = await startLimitedConsole(stack, label, [
    { action: 'write', resource: { type: 'authorizations', orgID: inst.orgID } },
    { action: 'read', resource: { type: 'authorizations', orgID: inst.orgID } },
    { action: 'read', resource: { type: 'orgs', id: inst.orgID } },
    { action: 'read', resource: { type: 'buckets', orgID: inst.orgID } },
    ...extra,
  ]);
  running.push(c);
  return c;
}

test('a credential without write:users: the option is disabled with the explanation and the fix; a direct post gets the same words', async ({
  browser,
  stack,
}) => {
  test.setTimeout(120_000);
  const c = await limitedConsole(stack, 'no-users', [
    { action: 'read', resource: { type: 'users', id: stack.influx.consoleUserID } },
    { action: 'write', resource: { type: 'users', id: stack.influx.consoleUserID } },
  ]);
  // Same AUTH_SECRET: the admin's saved session works on this console too.
  const context = await browser.newContext({
    baseURL: c.baseURL,
    storageState: storageStateFor('admin'),
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(MINT_PAGE);
  await expect(page.getByRole('radio', { name: /Another InfluxDB user/ })).toBeDisabled();
  const why = page.getByTestId('other-owner-blocked');
  await expect(why).toContainText('it does not hold write:users');
  await expect(why).toContainText('401 “write:users is unauthorized”');
  await expect(why).toContainText('gives the console a credential that also holds read:users and write:users');
  await page.getByTestId('owner-section').screenshot({ path: join(SHOTS, 'owner-section-disabled.png') });

  const name = uniq('blocked').replace(/-/g, '_');
  const body = {
    formKey: crypto.randomUUID(),
    orgID: stack.influx.orgID,
    description: uniq('e2e direct other owner'),
    status: 'active',
    owner: { kind: 'new', name },
    grants: [{ type: 'buckets', action: 'read', scope: { kind: 'all' } }],
  };
  const res = await callAction<{ ok: boolean; code?: string; formError?: string }>(c.baseURL, MINT_PAGE, mintActionId(), [body], {
    cookie: sessionCookie('admin'),
  });
  expect(res.result).toMatchObject({ ok: false, code: 'forbidden' });
  expect(res.result.formError).toBe(await why.textContent());
  const existing = { ...body, formKey: crypto.randomUUID(), owner: { kind: 'existing', userID: stack.influx.operatorUserID } };
  const res2 = await callAction<{ ok: boolean; formError?: string }>(c.baseURL, MINT_PAGE, mintActionId(), [existing], {
    cookie: sessionCookie('admin'),
  });
  expect(res2.result.formError).toBe(await why.textContent());
  expect(await userNamed(stack.influx, name)).toBeUndefined();
  expect(await authorizationsDescribed(stack.influx, body.description)).toHaveLength(0);

  // Its Settings page says the same, from the credential's own authorization.
  await page.goto('/settings');
  await expect(page.getByTestId('credential-capabilities')).toHaveAttribute('data-source', 'own-authorization');
  await expect(page.getByTestId('capability-write-users')).toHaveAttribute('data-state', 'no');
  await expect(page.getByTestId('capability-mint-for-others')).toHaveAttribute('data-state', 'no');
  await expect(page.getByTestId('capability-mint-in-org')).toHaveAttribute('data-state', 'yes');
  await expect(page.getByTestId('credential-holdings').getByRole('row').filter({ hasText: 'Users' })).toContainText('its own user only');
  await page.screenshot({ path: join(SHOTS, 'settings-limited.png'), fullPage: true });
  await context.close();
});

test('user created, token refused: the result says so; "delete the user" removes it; "retry" succeeds once the request is fixed', async ({
  browser,
  stack,
}) => {
  test.setTimeout(150_000);
  const c = await limitedConsole(stack, 'no-bucket-write', [
    { action: 'read', resource: { type: 'users' } },
    { action: 'write', resource: { type: 'users' } },
  ]);
  const context = await browser.newContext({
    baseURL: c.baseURL,
    storageState: storageStateFor('admin'),
    viewport: { width: 1280, height: 1000 },
  });
  const page = await context.newPage();
  const name = 'iot_user_3';
  const description = uniq('e2e half-done');
  await page.goto(MINT_PAGE);
  await page.getByLabel('Description').fill(description);
  await chooseNewOwner(page, name);
  await pickItem(page, 'buckets', stack.influx.bucket);
  await page.getByLabel(`Read bucket ${stack.influx.bucket}`).uncheck();
  await page.getByLabel(`Write bucket ${stack.influx.bucket}`).check();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create token' }).click();

  // 1. Half-done: the user exists, the token does not, and the page says exactly that.
  const panel = page.getByTestId('half-done');
  await expect(panel).toContainText(`InfluxDB user ${name} was created, but the token was not.`);
  await expect(panel).toContainText(
    `cannot grant write:orgs/${stack.influx.orgID}/buckets/${stack.influx.bucketID} (Write to bucket ${stack.influx.bucket})`,
  );
  await expect(panel.getByRole('button', { name: `Retry the token for ${name}` })).toBeVisible();
  await expect(panel.getByRole('button', { name: `Delete user ${name}` })).toBeVisible();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  const first = await userNamed(stack.influx, name);
  expect(first).toBeDefined();
  expect(await listAuthorizations(stack.influx, { userID: first!.id })).toEqual([]);
  await panel.screenshot({ path: join(SHOTS, 'half-done.png') });
  await page.screenshot({ path: join(SHOTS, 'half-done-page.png'), fullPage: true });

  // "Retry" with the request unchanged fails the same way, and says so; still one user, no token.
  await panel.getByRole('button', { name: `Retry the token for ${name}` }).click();
  await expect(panel).toContainText('The retry did not create the token either.');
  await expect(panel).toContainText(`InfluxDB user ${name} still exists and owns no token.`);
  expect(await usersNamed(stack.influx, name)).toHaveLength(1);
  expect(await authorizationsDescribed(stack.influx, description)).toHaveLength(0);

  // A crafted delete of another operation (or with a made-up id) deletes nothing.
  const crafted = await callAction<{ ok: boolean; formError?: string }>(
    c.baseURL,
    MINT_PAGE,
    deleteCreatedUserActionId(),
    [{ operationId: crypto.randomUUID() }],
    { cookie: sessionCookie('admin') },
  );
  expect(crafted.result).toMatchObject({ ok: false, code: 'forbidden' });
  expect(await userNamed(stack.influx, name)).toBeDefined();

  // 2. "Delete the user": gone from influxd.
  await panel.getByRole('button', { name: `Delete user ${name}` }).click();
  await expect(page.getByTestId('review-notice')).toHaveText(
    `InfluxDB user ${name} was deleted. Nothing from that attempt is left in InfluxDB.`,
  );
  await expect(panel).toHaveCount(0);
  expect(await userNamed(stack.influx, name)).toBeUndefined();
  expect((await getUser(stack.influx, first!.id)).status).toBe(404);

  // 3. Again (the same form creates the user anew), then fix the request and retry for that user.
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(panel).toContainText(`InfluxDB user ${name} was created, but the token was not.`);
  const second = await userNamed(stack.influx, name);
  expect(second).toBeDefined();
  expect(second!.id).not.toBe(first!.id);
  await page.getByRole('button', { name: 'Back to edit' }).click();
  await expect(page.getByTestId('owner-section')).toContainText(`${name} was created in InfluxDB by this attempt and owns no token yet`);
  await page.getByLabel(`Write bucket ${stack.influx.bucket}`).uncheck();
  await page.getByLabel(`Read bucket ${stack.influx.bucket}`).check();
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByTestId('review-owner')).toHaveText(`${name} (created in InfluxDB by this attempt; owns no token yet)`);
  await page
    .getByTestId('half-done')
    .getByRole('button', { name: `Retry the token for ${name}` })
    .click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  const token = (await dialog.getByTestId('token-value').textContent())!.trim();
  await finishDialog(page);
  await expect(page.getByText(`owned by ${name} (a new InfluxDB user, created for it)`)).toBeVisible();

  const [auth] = await authorizationsDescribed(stack.influx, description);
  expect(auth).toMatchObject({ userID: second!.id });
  const byId = await getAuthorization(stack.influx, auth!.id);
  expect(byId.body).toMatchObject({ userID: second!.id, user: name });
  expect(await queryBucket(influxOf(stack), token, stack.influx.bucket)).toBe(200);
  // One user, one token: nothing left over from the attempts.
  expect(await usersNamed(stack.influx, name)).toHaveLength(1);
  expect(await authorizationsDescribed(stack.influx, description)).toHaveLength(1);
  await context.close();
});

test('the owner section with "another user" available, for comparison (default console)', async ({ browser, stack }) => {
  const context = await browser.newContext({
    baseURL: stack.baseURL,
    storageState: storageStateFor('admin'),
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(MINT_PAGE);
  await page.getByRole('radio', { name: /Another InfluxDB user/ }).check();
  await page.getByRole('combobox', { name: 'Find or create an InfluxDB user' }).fill('o');
  await expect(page.getByRole('option', { name: /^operator/ })).toBeVisible();
  // The list opens below the section: clip the page so it is in the picture.
  const box = (await page.getByTestId('owner-section').boundingBox())!;
  await page.screenshot({
    path: join(SHOTS, 'owner-section-enabled.png'),
    clip: { x: box.x - 8, y: box.y - 8, width: box.width + 16, height: box.height + 260 },
  });
  await context.close();
});
