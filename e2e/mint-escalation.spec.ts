// The 403 escalation path: a second console runs with a deliberately limited credential (it may
// mint tokens and read buckets, but holds no write on buckets). Asking it to grant write on a
// bucket makes influxd refuse with 403, and the person is told which permission is missing.
import { authorizationsDescribed } from '../scripts/influxd/operator';
import { startLimitedConsole, type RunningConsole } from './support/console-server';
import { pickItem, uniq } from './support/mint';
import { expect, storageStateFor, test } from './support/test';

let limited: RunningConsole | undefined;

test.afterAll(async () => {
  await limited?.stop();
});

test('a limited console credential gets a 403, and the page names the permission it lacks', async ({ browser, stack }) => {
  test.setTimeout(120_000);
  const inst = stack.influx;
  limited = await startLimitedConsole(stack, 'limited', [
    { action: 'write', resource: { type: 'authorizations', orgID: inst.orgID } },
    { action: 'read', resource: { type: 'users', id: inst.consoleUserID } },
    { action: 'write', resource: { type: 'users', id: inst.consoleUserID } },
    { action: 'read', resource: { type: 'orgs', id: inst.orgID } },
    { action: 'read', resource: { type: 'buckets', orgID: inst.orgID } },
  ]);
  const { baseURL } = limited;

  // Same AUTH_SECRET and host: the creator's saved session works on the second console too.
  const context = await browser.newContext({ baseURL, storageState: storageStateFor('creator') });
  const page = await context.newPage();
  const description = uniq('e2e escalation');
  await page.goto('/tokens/new');
  await page.getByLabel('Description').fill(description);
  await pickItem(page, 'buckets', stack.influx.bucket);
  await page.getByLabel(`Read bucket ${stack.influx.bucket}`).uncheck();
  await page.getByLabel(`Write bucket ${stack.influx.bucket}`).check();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create token' }).click();

  const error = page.getByTestId('mint-error');
  await expect(error).toContainText(
    `the console's credential cannot grant write:orgs/${stack.influx.orgID}/buckets/${stack.influx.bucketID} (Write to bucket ${stack.influx.bucket})`,
  );
  await expect(error).toContainText('does not hold that permission itself');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  expect(await authorizationsDescribed(stack.influx, description)).toHaveLength(0);

  // What it does hold it can grant: the same form, fixed, goes through (the key was not spent).
  await page.getByRole('button', { name: 'Back to edit' }).click();
  await page.getByLabel(`Write bucket ${stack.influx.bucket}`).uncheck();
  await page.getByLabel(`Read bucket ${stack.influx.bucket}`).check();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByRole('alertdialog')).toBeVisible();
  expect(await authorizationsDescribed(stack.influx, description)).toHaveLength(1);
  await context.close();
});
