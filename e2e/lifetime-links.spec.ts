// Share links carry a lifetime (link format 3, issue 13): a format 3 link fills the builder's
// Expires choice; an older link opens as before and says it carries none (the policy default).
import { MINT_PAGE, contextAs } from './support/mint';
import { expect, test } from './support/test';

test('a format 3 link sets the lifetime; a format 1 link says it carries none', async ({ browser, stack }) => {
  const context = await contextAs(browser, stack, 'creator');
  const page = await context.newPage();
  await page.goto(`${MINT_PAGE}?v=3&d=linked+lifetime&p=read:dashboards&life=7d`);
  const field = page.getByTestId('lifetime-field');
  await expect(field.getByLabel('7 days')).toBeChecked();
  // Format 3 carries the lifetime; it lacks only the "Deliver to" destination (format 4).
  await expect(page.getByTestId('link-lacked')).toContainText('“Deliver to” destination');
  await expect(page.getByTestId('link-lacked')).not.toContainText('policy default');

  await page.goto(`${MINT_PAGE}?v=1&d=old+link&p=read:dashboards`);
  await expect(page.getByTestId('link-lacked')).toContainText('made before links carried one, so the policy default applies');
  await expect(field.getByLabel('Default (90 days)')).toBeChecked();
  await context.close();
});
