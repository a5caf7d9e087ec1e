// Deleting a token's owning user in influxd (outside the console) does not break the console, and
// the console shows honestly what influxd then does with the token (recorded in
// lib/tokens/owner-deleted.integration.test.ts): refused with 403 "User is inactive", no longer
// listed anywhere, 404 "user not found" by id, still stored until deleted by id.
import { join } from 'node:path';
import { influxFetch, queryBucket } from '../scripts/influxd/harness';
import { authorizationsDescribed, deleteUser, getAuthorization, userNamed } from '../scripts/influxd/operator';
import { contextAs, createAndReadToken, finishDialog, influxOf, MINT_PAGE, pickItem, uniq } from './support/mint';
import { chooseNewOwner } from './support/owner';
import { expect, test } from './support/test';

const SHOTS = join(__dirname, 'screenshots');

test('a token whose owner is deleted in influxd: refused and hidden by influxd, shown as "deleted user" by the console, deletable by id', async ({
  browser,
  stack,
}) => {
  const inst = influxOf(stack);
  const context = await contextAs(browser, stack, 'admin', { viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const name = uniq('gone').replace(/-/g, '_');
  const description = uniq('e2e orphan-to-be');
  await page.goto(MINT_PAGE);
  await page.getByLabel('Description').fill(description);
  await chooseNewOwner(page, name);
  await pickItem(page, 'buckets', stack.influx.bucket);
  await page.getByRole('button', { name: 'Review' }).click();
  const token = await createAndReadToken(page);
  await finishDialog(page);
  const [auth] = await authorizationsDescribed(stack.influx, description);
  expect(await queryBucket(inst, token, stack.influx.bucket)).toBe(200);

  // An operator deletes the user in InfluxDB.
  const user = await userNamed(stack.influx, name);
  expect(await deleteUser(stack.influx, user!.id)).toBe(204);

  // What influxd does with its token (the finding):
  const refused = await influxFetch(inst, token, `/api/v2/buckets?orgID=${stack.influx.orgID}`);
  expect([refused.status, (await refused.json()).message]).toEqual([403, 'User is inactive']);
  expect(await authorizationsDescribed(stack.influx, description)).toHaveLength(0);
  expect(await getAuthorization(stack.influx, auth!.id)).toEqual({ status: 404, body: { code: 'not found', message: 'user not found' } });

  // The console keeps working: builder and settings load; settings lists the token honestly.
  await page.goto(MINT_PAGE);
  await expect(page.getByRole('heading', { name: 'New token' })).toBeVisible();
  await page.goto('/settings');
  const row = page.getByTestId('deleted-owner-token').filter({ hasText: description });
  await expect(row).toContainText(auth!.id);
  await expect(row).toContainText(`Owner: deleted user (was ${name}, id ${user!.id})`);
  await expect(row).toContainText('refused by InfluxDB (403 User is inactive)');
  await page.getByTestId('deleted-owner-tokens').screenshot({ path: join(SHOTS, 'settings-deleted-owner.png') });

  // Deleting it by id from there removes it from InfluxDB's store.
  await row.getByRole('button', { name: `Delete token ${description}` }).click();
  await expect(page.getByTestId('deleted-owner-token').filter({ hasText: description })).toHaveCount(0);
  expect(await getAuthorization(stack.influx, auth!.id)).toEqual({
    status: 404,
    body: { code: 'not found', message: 'authorization not found' },
  });
  await context.close();
});

test('viewers see the list but no delete button', async ({ browser, stack }) => {
  const context = await contextAs(browser, stack, 'viewer');
  const page = await context.newPage();
  await page.goto('/settings');
  await expect(page.getByTestId('deleted-owner-tokens')).toBeVisible();
  await expect(page.getByTestId('deleted-owner-tokens').getByRole('button')).toHaveCount(0);
  await context.close();
});
