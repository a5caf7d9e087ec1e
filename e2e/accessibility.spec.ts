// Accessibility: axe (WCAG 2.1 A and AA) on every page and every dialog, in the states a person
// reaches them, and the whole mint path done with the keyboard alone.
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expectAccessible } from './support/axe';
import { createToken } from '../scripts/influxd/operator';
import { contextAs, MINT_PAGE, pickItem, uniq } from './support/mint';
import { expect, pageAs, test } from './support/test';

const SHOTS = join(__dirname, '..', 'test-results', 'accessibility');
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/**
 * Presses Tab (or Shift+Tab) until `target` has focus; fails if it takes more than `max` presses,
 * or, with `inside`, as soon as focus leaves that element (a dialog must keep focus in itself).
 */
async function tabTo(
  page: Page,
  target: Locator,
  { back = false, max = 100, inside }: { back?: boolean; max?: number; inside?: Locator } = {},
) {
  for (let i = 0; i < max; i++) {
    if (inside) expect(await inside.evaluate((el) => el.contains(document.activeElement)), 'focus stays in the dialog').toBe(true);
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

test('signing in and being refused', async ({ page, browser }) => {
  await page.goto('/signin');
  await expect(page.getByLabel('Username')).toBeVisible();
  await expectAccessible(page, '/signin');
  // A wrong password shows an error on the form.
  await page.getByLabel('Username').fill('nobody');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // Filtered by its words: Next's route announcer is a role=alert element too, present or not
  // depending on whether a client-side navigation has happened yet.
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong username or password' })).toBeVisible();
  await expectAccessible(page, '/signin after a failed sign-in');

  const viewer = await pageAs(browser, 'viewer');
  await viewer.goto('/templates/new');
  await expect(viewer).toHaveURL(/\/denied/);
  await expect(viewer.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  await expectAccessible(viewer, '/denied');
  await viewer.context().close();
});

test('the mint path: builder, grants chosen, review, the copy-once dialog and its outcome', async ({ browser, stack }) => {
  // Each axe scan takes a few seconds on a busy 2-core machine.
  test.setTimeout(150_000);
  const context = await contextAs(browser, stack, 'admin', { viewport: { width: 1360, height: 1000 } });
  const page = await context.newPage();
  await page.goto(MINT_PAGE);
  await expect(page.getByLabel('Description')).toBeVisible();
  await expectAccessible(page, '/tokens/new, empty');
  await shot(page, 'builder-empty');

  // The shared schema's messages, shown before review.
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText('Describe what the token is for.')).toBeVisible();
  await expectAccessible(page, '/tokens/new with validation errors');

  await page.getByLabel('Description').fill(uniq('a11y reader'));
  await pickItem(page, 'buckets', stack.influx.bucket);
  await page.getByLabel(`Write bucket ${stack.influx.bucket}`).check();
  await page.getByLabel('Read dashboards').check();
  await page.getByLabel('Read API tokens').check();
  // The picker's list open, with its options.
  await page.getByRole('combobox', { name: 'Find a bucket' }).fill('_');
  await expect(page.getByRole('option').first()).toBeVisible();
  await expectAccessible(page, '/tokens/new with grants chosen and the bucket list open');
  await shot(page, 'builder-grants');
  await page.getByRole('combobox', { name: 'Find a bucket' }).fill('');
  // The owner picker open, with an existing user and the offer to create one.
  await page.getByLabel(/^Another InfluxDB user/).check();
  await page.getByPlaceholder('Find a user by name, or type a new name…').fill('a11y-new-owner');
  await expect(page.getByRole('option', { name: /Create new user/ })).toBeVisible();
  await expectAccessible(page, '/tokens/new with the owner picker open');
  await page.getByLabel(/^The console’s service user/).check();

  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByTestId('review-grants')).toContainText('Read every API token in org acme');
  await expectAccessible(page, '/tokens/new, review step with a sensitive grant');
  await shot(page, 'review');
  await page.getByLabel(/I understand what these sensitive grants allow/).check();

  await page.getByRole('button', { name: 'Create token' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog.getByTestId('token-masked')).toBeVisible();
  // The dialog (loaded after first paint) fades in over the page: colours measured mid-animation
  // are not the ones a person reads, so scan once every animation has finished.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  await expectAccessible(page, 'the copy-once dialog');
  await shot(page, 'copy-once-dialog');
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  await expect(dialog.getByTestId('token-value')).toBeVisible();
  await expectAccessible(page, 'the copy-once dialog, value revealed');
  await page.keyboard.press('Escape');
  await expect(dialog.getByText('Close without storing the token?')).toBeVisible();
  await expectAccessible(page, 'the copy-once dialog asking to discard');
  await dialog.getByRole('button', { name: 'Discard token' }).click();
  await expect(page.getByRole('heading', { name: /created$/ })).toBeVisible();
  await expectAccessible(page, '/tokens/new after minting');

  // A creator's builder has sensitive cells disabled, with the reason.
  const creator = await pageAs(browser, 'creator');
  await creator.goto(MINT_PAGE);
  await expect(creator.getByLabel('Write API tokens')).toBeDisabled();
  await expectAccessible(creator, '/tokens/new as a creator');
  await creator.context().close();
  await context.close();
});

test('the inventory: list, token page and each of its dialogs', async ({ browser, stack }) => {
  // Each axe scan takes a few seconds on a busy 2-core machine.
  test.setTimeout(150_000);
  const t = uniq('a11y');
  const inf = stack.influx;
  const token = await createToken(inf, {
    description: `${t} reader`,
    permissions: [
      { action: 'read', resource: { type: 'buckets', orgID: inf.orgID } },
      { action: 'read', resource: { type: 'dashboards', orgID: inf.orgID } },
    ],
  });
  await createToken(inf, {
    description: `${t} old`,
    status: 'inactive',
    permissions: [{ action: 'write', resource: { type: 'authorizations', orgID: inf.orgID } }],
  });
  const page = await pageAs(browser, 'admin');
  await page.setViewportSize({ width: 1360, height: 900 });

  await page.goto(`/tokens?q=${t}`);
  await page.getByRole('button', { name: 'Reload from InfluxDB' }).click();
  await expect(page.getByTestId('token-row')).toHaveCount(2);
  await expectAccessible(page, '/tokens');
  await shot(page, 'tokens');
  await page.getByRole('button', { name: `More actions for "${t} reader"` }).click();
  await expect(page.getByRole('button', { name: 'Delete…' })).toBeVisible();
  await expectAccessible(page, '/tokens with a row menu open');
  await page.keyboard.press('Escape');

  await page.goto(`/tokens/${token.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`${t} reader`);
  // Opened, so axe also checks what the disclosure holds.
  const notation = page.locator('details', { hasText: "In InfluxDB's notation" });
  await notation.locator('summary').click();
  await expect(notation).toHaveAttribute('open', '');
  await expectAccessible(page, '/tokens/<id>');
  await shot(page, 'token');

  // Opened and closed with the keyboard: focus moves into the dialog and back to its button.
  const editButton = page.getByRole('button', { name: 'Edit description' });
  await tabTo(page, editButton);
  await page.keyboard.press('Enter');
  const describe = page.getByRole('dialog');
  await expect(describe.getByLabel('Description')).toBeFocused();
  await expect(describe.getByLabel('Description')).toHaveValue(`${t} reader`);
  await expectAccessible(page, 'the describe dialog');
  await page.keyboard.press('Escape');
  await expect(describe).toHaveCount(0);
  await expect(editButton, 'focus returns to what opened the dialog').toBeFocused();

  const deleteButton = page.getByRole('button', { name: 'Delete' });
  await tabTo(page, deleteButton);
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText(`Delete token "${t} reader"?`);
  // An alert dialog about a destructive step starts on the harmless choice.
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expectAccessible(page, 'the delete dialog');
  await page.keyboard.press('Enter');
  await expect(confirm).toHaveCount(0);
  await expect(deleteButton, 'focus returns to what opened the dialog').toBeFocused();

  await page.getByRole('button', { name: 'Clone' }).click();
  await expect(page.getByRole('alertdialog')).toContainText(`Clone "${t} reader"?`);
  await expectAccessible(page, 'the clone dialog');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Create the clone' }).click();
  const result = page.getByTestId('new-token-dialog');
  await expect(result).toContainText('InfluxDB cannot show it again');
  await expectAccessible(page, 'the clone result dialog');
  await result.getByLabel('I have stored this token').check();
  await result.getByRole('button', { name: 'Done' }).click();
  await expect(result).toHaveCount(0);

  await page.getByRole('button', { name: 'Replace' }).click();
  await expect(page.getByRole('alertdialog')).toContainText(`Replace "${t} reader"?`);
  await page.getByRole('alertdialog').getByLabel('In 24 hours').check();
  await expectAccessible(page, 'the replace dialog');
  await shot(page, 'replace-dialog');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Replace token' }).click();
  await expect(page.getByTestId('replace-scheduled')).toBeVisible();
  await expectAccessible(page, 'the replace result dialog');
  await result.getByLabel('I have stored this token').check();
  await result.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('scheduled-deactivation')).toBeVisible();
  await expectAccessible(page, '/tokens/<id> with a scheduled deactivation');

  // What a viewer sees: the same page without actions.
  const viewer = await pageAs(browser, 'viewer');
  await viewer.goto(`/tokens/${token.id}`);
  await expect(viewer.getByRole('heading', { level: 1 })).toContainText(`${t} reader`);
  await expect(viewer.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await expectAccessible(viewer, '/tokens/<id> as a viewer');
  await viewer.context().close();

  // Bulk: the confirmation and the results (the reader, its clone and replacement, and the old one).
  await page.goto(`/tokens?q=${t}`);
  await page.getByRole('button', { name: 'Reload from InfluxDB' }).click();
  await expect(page.getByTestId('token-row')).toHaveCount(4);
  await page.getByLabel('Select every token on this page').check();
  await page.getByRole('button', { name: 'Deactivate selected…' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('Deactivate 4 tokens?');
  await expectAccessible(page, '/tokens, the bulk confirmation');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Deactivate 4' }).click();
  await expect(page.getByTestId('bulk-results')).toBeVisible();
  await expectAccessible(page, '/tokens, the bulk results');
  await page.getByTestId('bulk-results').getByRole('button', { name: 'Close' }).click();

  await page.goto('/tokens/0123456789abcdef');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page, '/tokens/<unknown id>');
  await page.context().close();
});

test('templates, audit and settings', async ({ browser }) => {
  // Each axe scan takes a few seconds on a busy 2-core machine.
  test.setTimeout(150_000);
  const slug = uniq('a11y-template');
  const page = await pageAs(browser, 'admin');
  await page.setViewportSize({ width: 1360, height: 900 });
  await page.goto('/templates/new');
  await expect(page.getByRole('heading', { name: 'New template' })).toBeVisible();
  await expectAccessible(page, '/templates/new, empty');
  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(page.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, '/templates/new with errors');
  await page.getByLabel('Name (used in links)').fill(slug);
  await page.getByLabel('Title').fill('Accessible reader');
  await page.getByLabel('Purpose').fill('Reads the telemetry bucket.');
  await page.getByLabel('Permissions, one per line').fill('read:buckets/telemetry\nwrite:authorizations\nread:buckets/no-such-bucket');
  await page.getByLabel('Creators and admins').check();
  await expect(page.getByRole('note').filter({ hasText: 'write:authorizations' })).toBeVisible();
  await expectAccessible(page, '/templates/new, filled in');
  await shot(page, 'template-new');
  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(page).toHaveURL(new RegExp(`/templates/${slug}$`));
  await expect(page.getByTestId('not-applied-item')).toHaveCount(1);
  await expectAccessible(page, '/templates/<slug>');
  await shot(page, 'template');
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('alertdialog')).toContainText('Delete “Accessible reader”?');
  await expectAccessible(page, 'the template delete dialog');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();

  await page.goto(`/templates/${slug}/edit`);
  await expect(page.getByLabel('Title')).toHaveValue('Accessible reader');
  await expectAccessible(page, '/templates/<slug>/edit');

  await page.goto(`/tokens/new?template=${slug}`);
  await expect(page.getByTestId('prefill-origin')).toContainText(`From template '${slug}' v1`);
  await expectAccessible(page, '/tokens/new prefilled from a template');

  await page.goto(`/templates?q=${slug}`);
  await expect(page.getByTestId('template-card')).toHaveCount(1);
  await expectAccessible(page, '/templates');

  await page.goto('/audit');
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await expectAccessible(page, '/audit');
  await shot(page, 'audit');

  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const notation = page.locator('details', { hasText: 'Its permissions in InfluxDB’s notation' });
  await notation.locator('summary').click();
  await expect(notation).toHaveAttribute('open', '');
  await expectAccessible(page, '/settings');
  await shot(page, 'settings');
  await page.context().close();
});

test('the whole mint path with the keyboard alone', async ({ browser, stack }) => {
  const context = await contextAs(browser, stack, 'creator', { permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const description = uniq('a11y keyboard');
  await page.goto(MINT_PAGE);

  // Tab from the top of the page into the form.
  const describeField = page.getByLabel('Description');
  await tabTo(page, describeField);
  await page.keyboard.type(description);

  // A read grant on one bucket. The scope radios are one Tab stop (on the checked "All buckets");
  // an arrow key moves to "Specific buckets", then the combobox is driven with arrows and Enter.
  const bucketsRow = page.getByTestId('row-buckets');
  const allBuckets = bucketsRow.getByRole('radio', { name: /^All buckets/ });
  await tabTo(page, allBuckets);
  await page.keyboard.press('ArrowDown');
  await expect(bucketsRow.getByRole('radio', { name: 'Specific buckets' })).toBeChecked();
  const combo = page.getByRole('combobox', { name: 'Find a bucket' });
  await tabTo(page, combo);
  await page.keyboard.type(stack.influx.bucket);
  const option = page.getByRole('option', { name: new RegExp(`^${stack.influx.bucket}`) });
  await expect(option).toBeVisible();
  // Move the active option to ours with the arrow keys (the list may hold other matches first).
  for (let i = 0; i < 20 && (await option.getAttribute('aria-selected')) !== 'true'; i++) await page.keyboard.press('ArrowDown');
  await expect(option).toHaveAttribute('aria-selected', 'true');
  await expect(combo).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id'))!);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Chosen buckets' })).toContainText(stack.influx.bucket);
  await expect(page.getByLabel(`Read bucket ${stack.influx.bucket}`)).toBeChecked();
  await expect(page.getByLabel(`Write bucket ${stack.influx.bucket}`)).not.toBeChecked();

  // Back up with Shift+Tab to the description, then forward to Review.
  await tabTo(page, describeField, { back: true });
  await expect(describeField).toHaveValue(description);
  const review = page.getByRole('button', { name: 'Review' });
  await tabTo(page, review, { max: 200 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Review the token' }), 'the review step takes focus').toBeFocused();
  await expect(page.getByTestId('review-grants')).toHaveText(new RegExp(`Read bucket ${stack.influx.bucket}`));
  await expect(page.getByTestId('review-grants').getByRole('listitem')).toHaveCount(1);

  const create = page.getByRole('button', { name: 'Create token' });
  await tabTo(page, create);
  await page.keyboard.press('Enter');

  // The dialog opens on what the person came for, Copy (Reveal, just before it, is optional).
  const dialog = page.getByRole('alertdialog');
  const copy = dialog.getByRole('button', { name: 'Copy', exact: true });
  await expect(copy).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('status')).toHaveText('Token copied to the clipboard.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^[A-Za-z0-9_=-]{80,}$/);
  // What was copied is the token the dialog shows: Shift+Tab back to Reveal, Space to show it.
  await tabTo(page, dialog.getByRole('button', { name: 'Reveal' }), { back: true, inside: dialog });
  await page.keyboard.press('Space');
  await expect(dialog.getByTestId('token-value')).toHaveText(copied);

  // Focus stays inside the dialog: Tab reaches the acknowledgement, Space ticks it, Enter on Done closes.
  const stored = dialog.getByLabel('I have stored this token');
  await tabTo(page, stored, { inside: dialog });
  await page.keyboard.press('Space');
  await expect(stored).toBeChecked();
  const done = dialog.getByRole('button', { name: 'Done' });
  await tabTo(page, done, { inside: dialog });
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  // Back on the page, focus is on the outcome, which names the token.
  await expect(page.getByRole('heading', { name: `Token “${description}” created` })).toBeFocused();
  await context.close();
});
