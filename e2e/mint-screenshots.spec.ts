// Screenshots of the builder, the review step and the copy-once dialog for people reviewing the
// UI (e2e/screenshots/, git-ignored), taken after checking the screen shows what it should.
import { join } from 'node:path';
import { contextAs, MINT_PAGE, pickItem, uniq } from './support/mint';
import { expect, test } from './support/test';

const SHOTS = join(__dirname, 'screenshots');

test('builder, review and dialog, as an admin building a sensitive token', async ({ browser, stack }) => {
  const context = await contextAs(browser, stack, 'admin', { viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto(MINT_PAGE);
  await page.getByLabel('Description').fill('grafana on ops-01');
  await pickItem(page, 'buckets', stack.influx.bucket);
  await page.getByLabel(`Write bucket ${stack.influx.bucket}`).check();
  await pickItem(page, 'buckets', '_monitoring');
  await page.getByLabel('Read dashboards').check();
  await page.getByLabel('Read API tokens').check();
  await expect(page.getByRole('list', { name: 'Chosen buckets' }).getByText('system')).toBeVisible();
  await expect(page.getByText('Write does not include read.')).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'builder.png'), fullPage: true });

  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByTestId('review-grants')).toContainText('Read every API token in org acme');
  await expect(page.getByText(/includes sensitive grants \(read on authorizations\)/)).toBeVisible();
  await page.getByLabel(/I understand what these sensitive grants allow/).check();
  await page.screenshot({ path: join(SHOTS, 'review.png'), fullPage: true });

  await page.getByRole('button', { name: 'Create token' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('token-masked')).toHaveText('•'.repeat(32));
  await page.screenshot({ path: join(SHOTS, 'dialog.png') });
  await page.keyboard.press('Escape');
  await expect(dialog.getByText('Close without storing the token?')).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'dialog-escape.png') });
  await dialog.getByRole('button', { name: 'Discard token' }).click();
  await expect(page.getByRole('heading', { name: /created$/ })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'done.png') });

  // A creator's view of the same matrix: flagged cells disabled.
  const creator = await contextAs(browser, stack, 'creator', { viewport: { width: 1440, height: 1000 } });
  const cpage = await creator.newPage();
  await cpage.goto(MINT_PAGE);
  await cpage.getByLabel('Description').fill(uniq('creator view'));
  await expect(cpage.getByLabel('Write API tokens')).toBeDisabled();
  await cpage.screenshot({ path: join(SHOTS, 'builder-creator.png'), fullPage: true });
  await creator.close();
  await context.close();
});
