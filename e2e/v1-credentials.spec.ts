// v1 credentials end to end, in Chromium against the production build and the real influxd: a
// creator makes one (username, a bucket to read and one to write), copies the password from the
// copy-once dialog, and the password then signs in to /query and /write; the list shows it
// without a secret; deactivate cuts the login off; an admin deletes it. Direct posts show a viewer
// is refused and nothing changed in influxd.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createV1, getV1, listV1, v1Query, v1Write } from '../scripts/influxd/operator';
import { expectAccessible } from './support/axe';
import { actionId, callAction } from './support/console-http';
import { contextAs, makeBuckets, sessionCookie } from './support/mint';
import { recordThroughRoute } from './support/route-recorder';
import { expect, test } from './support/test';

const PAGE = '/v1-credentials';
const FILE = 'app/(console)/v1-credentials/actions.ts';
const short = () => `e2e${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

test('create → copy-once dialog → list → deactivate → delete, checked against /query and /write', async ({ browser, stack }) => {
  const username = short();
  const names = { read: `${username}-r`, write: `${username}-w` };
  await makeBuckets(stack, Object.values(names));
  const context = await contextAs(browser, stack, 'creator', { permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto(PAGE);
  await expect(page.getByRole('link', { name: 'v1 credentials' })).toHaveAttribute('aria-current', 'page');

  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Description').fill('e2e InfluxQL client');
  await page.getByLabel('Filter buckets').fill(username);
  await page.getByLabel(`Read ${names.read}`).check();
  await page.getByLabel(`Write ${names.write}`).check();
  await page.getByRole('button', { name: 'Create v1 credential' }).click();

  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading')).toHaveText(`Password for v1 credential: ${username}`);
  await expect(dialog.getByTestId('token-masked')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Done' })).toBeDisabled();
  await expectAccessible(page, '/v1-credentials, the copy-once dialog');
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText('Password copied to the clipboard.');
  const password = await page.evaluate(() => navigator.clipboard.readText());
  expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  await expect(dialog.getByTestId('token-value')).toHaveText(password);
  await expect(dialog.locator('pre')).toContainText(`-u '${username}:${password}' --data-urlencode 'q=SHOW DATABASES'`);
  // The password is nowhere but the dialog: not in the URL, not in storage.
  expect(page.url()).not.toContain(password);
  expect(JSON.stringify(await context.storageState())).not.toContain(password);
  await dialog.getByLabel('I have stored this password').check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(password)).toHaveCount(0);

  // What influxd made, and what the login can do there.
  const made = (await listV1(stack.influx)).find((c) => c.token === username)!;
  expect(made.userID).toBe(stack.influx.consoleUserID);
  const login = { username, password };
  expect(await v1Write(stack.influx, login, names.write, 'e2e v=1')).toBe(204);
  expect((await v1Query(stack.influx, login, names.read, 'SHOW MEASUREMENTS')).status).toBe(200);
  expect(await v1Write(stack.influx, login, names.read, 'e2e v=1')).toBe(403);
  expect((await v1Query(stack.influx, login, '', 'SHOW DATABASES')).body.results?.[0]?.series?.[0]?.values).toEqual([[names.read]]);

  // The list: status and permissions in words, the owner, no secret.
  const row = page.getByTestId(`v1-row-${username}`);
  await expect(row).toContainText('Active');
  await expect(row).toContainText(`Read bucket ${names.read}`);
  await expect(row).toContainText(`Write bucket ${names.write}`);
  await expect(row).toContainText('token-console');
  await expectAccessible(page, '/v1-credentials with a credential');
  // A creator may not delete, and is told why.
  await expect(row.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await row.getByText('Not available to you').click();
  await expect(row).toContainText('Only admins may delete v1 credentials.');

  // Deactivate, confirmed first: the login is refused from then on.
  await row.getByRole('button', { name: 'Deactivate' }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText(`Clients signing in as ${username} get 401`);
  await expectAccessible(page, '/v1-credentials, confirm deactivate');
  await confirm.getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByRole('status').filter({ hasText: `v1 credential ${username} deactivated.` })).toBeVisible();
  await expect(row).toContainText('Inactive');
  expect((await getV1(stack.influx, made.id)).body.status).toBe('inactive');
  expect((await v1Query(stack.influx, login, names.read, 'SHOW MEASUREMENTS')).status).toBe(401);
  await context.close();

  // An admin deletes it, confirmed first.
  const admin = await (await contextAs(browser, stack, 'admin')).newPage();
  await admin.goto(PAGE);
  const adminRow = admin.getByTestId(`v1-row-${username}`);
  await adminRow.getByRole('button', { name: 'Delete' }).click();
  const del = admin.getByRole('alertdialog');
  await expect(del).toContainText('This cannot be undone.');
  await del.getByRole('button', { name: 'Delete' }).click();
  await expect(admin.getByRole('status').filter({ hasText: `v1 credential ${username} deleted.` })).toBeVisible();
  await expect(adminRow).toHaveCount(0);
  expect((await getV1(stack.influx, made.id)).status).toBe(404);
  await admin.context().close();
});

test('a new password from the list: shown once; only the new one signs in', async ({ browser, stack }) => {
  const username = short();
  const made = await createV1(stack.influx, {
    username,
    bucketID: stack.influx.bucketID,
    password: 'Old-password-123',
    userID: stack.influx.consoleUserID,
  });
  const context = await contextAs(browser, stack, 'creator');
  const page = await context.newPage();
  await page.goto(PAGE);
  await page.getByTestId(`v1-row-${username}`).getByRole('button', { name: 'New password' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('The current password stops working at once');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Set new password' }).click();
  const dialog = page.getByRole('alertdialog').filter({ hasText: 'This is the only time this password is shown' });
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  const password = (await dialog.getByTestId('token-value').textContent())!.trim();
  expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
  expect((await v1Query(stack.influx, { username, password: 'Old-password-123' }, stack.influx.bucket, 'SHOW MEASUREMENTS')).status).toBe(
    401,
  );
  expect((await v1Query(stack.influx, { username, password }, stack.influx.bucket, 'SHOW MEASUREMENTS')).status).toBe(200);
  expect((await getV1(stack.influx, made.id)).status).toBe(200);
  await context.close();
});

test('a viewer sees the list but no form or buttons, and direct posts are refused with nothing changed in influxd', async ({
  browser,
  stack,
}) => {
  const username = short();
  const made = await createV1(stack.influx, {
    username,
    bucketID: stack.influx.bucketID,
    password: 'Viewer-proof-123',
    userID: stack.influx.consoleUserID,
  });
  const page = await (await contextAs(browser, stack, 'viewer')).newPage();
  await page.goto(PAGE);
  const row = page.getByTestId(`v1-row-${username}`);
  await expect(row).toContainText(`Read and write bucket ${stack.influx.bucket}`);
  await expect(page.getByRole('button', { name: 'Create v1 credential' })).toHaveCount(0);
  await expect(row.getByRole('button')).toHaveCount(0);
  await expect(page.getByText('Only creators may create v1 credentials. You are signed in as a viewer.')).toBeVisible();
  await page.context().close();

  // Only what these posts could touch: other specs make v1 credentials on the same influxd meanwhile.
  const touched = async () => {
    const all = await listV1(stack.influx);
    return { made: all.find((c) => c.id === made.id), attempted: all.filter((c) => c.token === `${username}x`) };
  };
  const before = await touched();
  expect(before.made?.status).toBe('active');
  expect(before.attempted).toEqual([]);
  const cookie = sessionCookie('viewer');
  const post = async (exportName: string, input: unknown) =>
    (await callAction<{ ok: boolean; code?: string }>(stack.baseURL, PAGE, actionId(exportName, FILE), [input], { cookie })).result;
  const attempts = [
    ['createV1', { username: `${username}x`, read: [stack.influx.bucketID] }],
    ['setV1Password', { id: made.id }],
    ['setV1CredentialStatus', { id: made.id, status: 'inactive' }],
    ['deleteV1', { id: made.id }],
    ['discardHalfDone', { id: made.id }],
  ] as const;
  for (const [name, input] of attempts) expect(await post(name, input), name).toMatchObject({ ok: false, code: 'forbidden' });
  expect(await touched()).toEqual(before);
  expect((await v1Query(stack.influx, { username, password: 'Viewer-proof-123' }, stack.influx.bucket, 'SHOW MEASUREMENTS')).status).toBe(
    200,
  );
});

test('a duplicate username is refused in words on the form, and influxd keeps one', async ({ browser, stack }) => {
  const username = short();
  await createV1(stack.influx, { username, bucketID: stack.influx.bucketID, password: 'Taken-password-123' });
  const page = await (await contextAs(browser, stack, 'creator')).newPage();
  await page.goto(PAGE);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel(`Read ${stack.influx.bucket}`, { exact: true }).check();
  await page.getByRole('button', { name: 'Create v1 credential' }).click();
  await expect(page.getByText(`A v1 credential with the username ${username} already exists in InfluxDB.`).first()).toBeVisible();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  expect((await listV1(stack.influx)).filter((c) => c.token === username)).toHaveLength(1);
  await page.context().close();
});

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));

test('the password is in exactly one response and the dialog, and nowhere after: not in a URL, request, log or the database', async ({
  browser,
  stack,
}) => {
  const context = await contextAs(browser, stack, 'creator');
  const recorder = await recordThroughRoute(context);
  const page = await context.newPage();
  const username = short();
  await page.goto(PAGE);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel(`Read ${stack.influx.bucket}`, { exact: true }).check();
  await page.getByRole('button', { name: 'Create v1 credential' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  const password = (await dialog.getByTestId('token-value').textContent())!.trim();
  expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
  await dialog.getByLabel('I have stored this password').check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId(`v1-row-${username}`)).toBeVisible();
  expect(await page.content()).not.toContain(password);
  await page.reload();
  expect(await page.content()).not.toContain(password);
  await context.close();

  const seen = recorder.responses.map((r) => ({ ...r, body: r.body.toString('latin1') }));
  const carrying = seen.filter((r) => r.body.includes(password));
  expect(carrying.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([`POST ${PAGE}`]);
  expect(carrying[0]!.headers['cache-control']).toMatch(/no-store/);
  for (const r of seen) {
    expect(r.url).not.toContain(password);
    expect(r.requestBody).not.toContain(password);
  }
  for (const file of [stack.consoleLog, stack.consoleStdout, ...filesUnder(stack.consoleDataDir)]) {
    expect(readFileSync(file).toString('latin1'), file).not.toContain(password);
  }
  // It works, so the scan above looked for the real thing.
  expect((await v1Query(stack.influx, { username, password }, stack.influx.bucket, 'SHOW MEASUREMENTS')).status).toBe(200);
});
