// What the operation policy looks like to a person, checked and then photographed for reviewers
// (e2e/screenshots/, git-ignored): the review of a code-running grant names whose rights it runs
// with, a creator's token page says what is not available and why, and Settings says the console's
// user should not be an org member.
import { join } from 'node:path';
import { createToken } from '../scripts/influxd/operator';
import { contextAs, MINT_PAGE, uniq } from './support/mint';
import { expect, test } from './support/test';

const SHOTS = join(__dirname, 'screenshots');

test('an admin reviewing write on tasks is told it runs queries with the console user’s rights', async ({ browser, stack }) => {
  const context = await contextAs(browser, stack, 'admin', { viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto(MINT_PAGE);
  await page.getByLabel('Description').fill(uniq('nightly downsampling'));
  await page.getByLabel('Read tasks').check();
  await page.getByLabel('Write tasks').check();
  await page.getByRole('button', { name: 'Review' }).click();
  const grants = page.getByTestId('review-grants');
  await expect(grants).toContainText('runs code: can run queries with the rights of token-console');
  await page.screenshot({ path: join(SHOTS, 'review-code-running.png'), fullPage: true });
  await context.close();
});

test('a creator’s token page offers only what the policy allows, and says why not', async ({ browser, stack }) => {
  const inf = stack.influx;
  const description = uniq('task runner');
  const token = await createToken(inf, {
    description,
    userID: inf.consoleUserID,
    status: 'inactive',
    permissions: [
      { action: 'read', resource: { type: 'tasks', orgID: inf.orgID } },
      { action: 'write', resource: { type: 'tasks', orgID: inf.orgID } },
    ],
  });
  const context = await contextAs(browser, stack, 'creator', { viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`/tokens/${token.id}`);
  const refusals = page.getByTestId('token-refusals');
  await expect(refusals).toContainText('can run queries with the rights of token-console');
  await expect(page.getByRole('button', { name: 'Activate' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Clone' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Edit description' })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'token-refusals.png'), fullPage: true });
  await context.close();
});

test('Settings tells the operator the console’s user should not be an org member', async ({ browser, stack }) => {
  const context = await contextAs(browser, stack, 'admin', { viewport: { width: 1440, height: 1200 } });
  const page = await context.newPage();
  await page.goto('/settings');
  const guidance = page.getByTestId('membership-guidance');
  await expect(guidance).toContainText('should not be a member of the org');
  await expect(page.getByTestId('setup-cli')).toContainText('influx org members remove');
  await guidance.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'settings-membership.png'), fullPage: true });
  await context.close();
});
