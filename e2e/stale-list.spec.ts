// A token minted in the builder is in the list when the person goes back to Tokens in the same
// tab, client-side, without a reload: the builder invalidates the inventory's React Query keys.
// The browser's clock is fixed, so nothing in the cache goes stale by itself: without the
// invalidation the list kept from the first visit would be shown unchanged, every time.
import { contextAs, createAndReadToken, finishDialog, uniq } from './support/mint';
import { expect, test } from './support/test';

test('a token minted in the builder is listed after a client-side visit to Tokens in the same tab', async ({ browser, stack }) => {
  const context = await contextAs(browser, stack, 'creator');
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date());
  const description = uniq('e2e stale-list');

  // The person starts from the list, so this tab has it in its cache.
  await page.goto('/tokens');
  await expect(page.getByTestId('inventory-meta')).toContainText('tokens in org');
  await expect(page.getByTestId('token-row').filter({ hasText: description })).toHaveCount(0);
  // Survives only if the page is never reloaded.
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));

  await page.getByRole('link', { name: 'New token' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New token' })).toBeVisible();
  await page.getByLabel('Description').fill(description);
  await page.getByLabel('Read dashboards').check();
  await page.getByRole('button', { name: 'Review' }).click();
  await createAndReadToken(page);
  await finishDialog(page);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tokens' }).click();
  await expect(page).toHaveURL(/\/tokens$/);
  await expect(page.getByTestId('token-row').filter({ hasText: description })).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await context.close();
});
