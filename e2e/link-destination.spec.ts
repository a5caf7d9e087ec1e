// Links carry "Deliver to" (link format 4, issue 17), on a console with a real OpenBao: a link
// naming a store and a path under its prefix opens the builder with that destination chosen, and
// the token lands there; a path outside the prefix or an unknown store is listed as not applied
// (the copy-once dialog stays the default); a format 3 link says it carries no destination.
import { baoRequest } from '../scripts/openbao/harness';
import { writeLine } from '../scripts/influxd/harness';
import { influxOf, makeBuckets, uniq } from './support/mint';
import { startSecretStoreConsole, type SecretStoreConsole } from './support/secret-store-console';
import { newSignedInPage } from './support/sign-in';
import { expect, test } from './support/test';

test.describe.configure({ mode: 'serial' });

let stores: SecretStoreConsole;
const run = uniq('linkdest');
const bucket = `${run}-b`;

test.beforeAll(async ({ stack }) => {
  test.setTimeout(180_000);
  [stores] = await Promise.all([startSecretStoreConsole(stack), makeBuckets(stack, [bucket])]);
});
test.afterAll(async () => {
  await stores?.stop();
});

test('a format 4 link opens the builder delivering to the store path, and the token lands there', async ({ browser, stack }) => {
  const page = await newSignedInPage(browser, stores.baseURL, 'admin');
  const path = `influx/${run}`;
  await page.goto(`/tokens/new?v=4&d=${run}+linked&p=write:buckets&store=lab&path=${path}&key=influx_token&urlorg=1`);
  const deliver = page.getByTestId('deliver-to');
  await expect(deliver.getByLabel('A secret store path')).toBeChecked();
  await expect(deliver.getByLabel('Path', { exact: true })).toHaveValue(path);
  await expect(deliver.getByLabel(/Also write the InfluxDB URL/)).toBeChecked();
  await expect(page.getByTestId('link-lacked')).toHaveCount(0);
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByTestId('review-delivery')).toHaveText(`Delivered to Lab OpenBao: ${path} (key “influx_token”), not shown to you.`);
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByTestId('delivery-done').getByRole('heading')).toHaveText(`Delivered to “Lab OpenBao”: secret/${path}, version 1.`);
  const secret = await baoRequest<{ data: { data: Record<string, string> } }>(stores.bao, stores.readerToken, 'GET', `secret/data/${path}`);
  expect(secret.status).toBe(200);
  const value = secret.body.data.data.influx_token!;
  expect(secret.body.data.data).toEqual({ influx_token: value, url: stack.influx.url, org_id: stack.influx.orgID });
  expect(await writeLine(influxOf(stack), value, bucket, 'm v=1')).toBe(204);
});

test('a destination this console cannot use is listed as not applied; the dialog stays the default', async ({ browser }) => {
  const page = await newSignedInPage(browser, stores.baseURL, 'admin');
  const deliver = page.getByTestId('deliver-to');
  // Store and prefix are this console's (one item for the destination); a malformed path is the
  // grammar's (each part of the destination is reported).
  for (const [query, reason, count] of [
    ['store=lab&path=other/app', 'must be under “influx/”', 1],
    ['store=nowhere&path=influx/app', 'no secret store “nowhere”', 1],
    ['store=lab&path=influx/../admin', '“..”', 2],
  ] as const) {
    await page.goto(`/tokens/new?v=4&d=${run}+refused&p=read:dashboards&${query}`);
    await expect(page.getByTestId('not-applied-item').filter({ hasText: reason })).toHaveCount(count);
    await expect(deliver.getByLabel(/Copy once/)).toBeChecked();
  }
  await page.goto(`/tokens/new?v=3&d=${run}+old&p=read:dashboards&store=lab&path=influx/app`);
  await expect(page.getByTestId('link-lacked')).toContainText('“Deliver to” destination');
  await expect(page.getByTestId('not-applied-item').filter({ hasText: 'format 3 link carries no “Deliver to” destination' })).toHaveCount(
    2,
  );
  await expect(deliver.getByLabel(/Copy once/)).toBeChecked();
});

test('a template carries Deliver to: the editor checks store and prefix, and the builder opens with it', async ({ browser }) => {
  const page = await newSignedInPage(browser, stores.baseURL, 'admin');
  const slug = `${run}-tpl`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  await page.goto('/templates/new');
  await page.getByLabel('Name (used in links)').fill(slug);
  await page.getByLabel('Title').fill('Edge writer to the lab store');
  await page.getByLabel('Token description (optional)').fill(`${run} from template`);
  await page.getByLabel('Permissions, one per line').fill('read:dashboards');
  const deliver = page.getByTestId('template-deliver-to');
  await deliver.getByLabel('Where the token goes').selectOption({ label: 'Lab OpenBao' });
  // Outside the store's prefix: refused by the action, on the field.
  await deliver.getByLabel(/^Path/).fill('other/edge-01');
  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(deliver.getByText('The path must be under “influx/”')).toBeVisible();
  await deliver.getByLabel(/^Path/).fill(`influx/${slug}`);
  await deliver.getByLabel(/^Key name/).fill('influx_token');
  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(page).toHaveURL(new RegExp(`/templates/${slug}$`));
  await expect(page.getByTestId('template-deliver-to')).toHaveText(`lab: influx/${slug} (key “influx_token”)`);

  await page.goto(`/tokens/new?template=${slug}`);
  const builder = page.getByTestId('deliver-to');
  await expect(builder.getByLabel('A secret store path')).toBeChecked();
  await expect(builder.getByLabel('Path', { exact: true })).toHaveValue(`influx/${slug}`);
});
